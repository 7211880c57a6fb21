// The evaluation engine: a finished session's transcript in, scores with evidence out.
// Pure and deterministic: no database, no LLM, no clock, no randomness — the same transcript
// always gives the same result, whichever coach provider was used. Only the trainee's turns
// are evaluated; what the trainee wrote is text to analyse, never instructions.
// docs/evaluation.md explains every score and threshold.
import { matchGoals } from "../language/goals.ts";
import { findingsOf, type Finding, type MessageFindings } from "./findings.ts";
import { harperReady, lintTexts } from "./harper.ts";
import { frequencyRank } from "./lexicon.ts";
import { retextFindingsOf } from "./retext.ts";
import { applyEdits } from "./rewrite.ts";
import {
  COMMON_RANK,
  DEFAULT_WPM,
  FLUENCY_ZERO_AT,
  GRAMMAR_ZERO_AT,
  LONG_PAUSE_MS,
  MIN_WORDS,
  clampScore,
  mattr,
  overall,
  round1,
  round2,
  scale,
} from "./scoring.ts";
import { countWords, type SentenceSpan } from "./text.ts";
import type {
  Annotation,
  EvaluateInput,
  EvaluationResult,
  EvaluationSkill,
  EvidenceItem,
  SkillScore,
  TranscriptTurn,
  WritingFinding,
} from "./types.ts";

export type { EvaluateInput, EvaluationResult, WritingFinding } from "./types.ts";

/** Bumped whenever a change can move a score, and stored in the raw metrics. */
export const ENGINE_VERSION = "evaluation/1";
/** Only this many characters of one message are analysed (sessions allow 2000). */
export const MAX_MESSAGE_CHARS = 2000;
/**
 * At most this many characters of a whole transcript are analysed for the text-based skills
 * (about 10,000 words, far more than any real session). Above it, every message is cut to an
 * equal share at a word boundary, so each still counts and the time stays bounded.
 */
export const MAX_TOTAL_CHARS = 60_000;

/** Each message's analysed text: a prefix, so annotation ranges stay valid in the full text. */
function budgeted(texts: string[]): string[] {
  const capped = texts.map((t) => t.slice(0, MAX_MESSAGE_CHARS));
  const total = sum(capped.map((t) => t.length));
  if (total <= MAX_TOTAL_CHARS) return capped;
  const share = Math.max(40, Math.floor(MAX_TOTAL_CHARS / capped.length));
  return capped.map((t) => {
    if (t.length <= share) return t;
    const cut = t.lastIndexOf(" ", share);
    return t.slice(0, cut > share / 2 ? cut : share);
  });
}

/** Lets other work on the event loop run between messages (no clock involved). */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const SKILL_ORDER: EvaluationSkill[] = ["taskCompletion", "fluency", "grammar", "vocabulary", "clarity", "professionalism", "pace"];
export const SKILL_NAMES: Record<EvaluationSkill, string> = {
  fluency: "fluency",
  grammar: "grammar",
  vocabulary: "vocabulary",
  clarity: "clarity",
  professionalism: "professionalism",
  taskCompletion: "task completion",
  pace: "pace",
};

/** Loads harper (the grammar checker) once per process; call it at start, in the background. */
export async function warmUp(): Promise<void> {
  await harperReady();
  await evaluateSession({
    scenario: {
      type: "CHAT_SCENARIO",
      title: "Warm-up",
      data: {
        persona: { name: "Sam", role: "Manager" },
        brief: "Warm-up",
        goals: [{ id: "g", description: "Say hello", phrases: ["hello"] }],
        opening: "Hi.",
        steps: [{ id: "s", say: "Go on." }],
        closing: "Bye.",
      },
    },
    turns: [
      { role: "coach", text: "Hi." },
      { role: "trainee", text: "Hello, um, I think I basically handled the the project in order to utilize our resources, you know? Thanks!" },
    ],
  });
}

/** Grammar and clarity findings for one piece of writing (exercises' rewrite items). */
export async function checkWriting(text: string): Promise<WritingFinding[]> {
  const body = text.slice(0, MAX_MESSAGE_CHARS);
  const [harper] = await lintTexts([body]);
  const [retext] = await retextFindingsOf([body]);
  const m = findingsOf(body, harper ?? [], retext ?? [], { spoken: false, knownWords: new Set() });
  return m.findings
    .filter((f) => !f.positive && (f.skill === "grammar" || f.skill === "clarity"))
    .map((f) => ({ rule: f.rule, message: f.message, start: f.start, end: f.end, ...(f.replacement ? { suggestion: f.replacement } : {}) }));
}

type Msg = MessageFindings & { turn: number; index: number; turnData: TranscriptTurn };

function knownWordsOf(input: EvaluateInput): Set<string> {
  const { scenario } = input;
  const d = scenario.data;
  const texts = [
    scenario.title,
    d.persona.name,
    d.persona.role,
    d.persona.company ?? "",
    d.brief,
    d.opening,
    d.closing,
    ...d.goals.map((g) => g.description),
    ...d.steps.flatMap((s) => [s.say, s.followUp ?? ""]),
    ...input.turns.filter((t) => t.role === "coach").map((t) => t.text),
  ];
  const out = new Set<string>();
  for (const t of texts) for (const w of t.toLowerCase().split(/[^\p{L}\p{N}'’-]+/u)) if (w) out.add(w);
  return out;
}

const isCounted = (f: Finding) => !f.positive;
const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);
const per100 = (n: number, words: number) => (words > 0 ? (n / words) * 100 : 0);

function topCounts(items: string[], n = 3): string {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i, (counts.get(i) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([w, c]) => (c > 1 ? `${w} ×${c}` : w))
    .join(", ");
}

export async function evaluateSession(input: EvaluateInput): Promise<EvaluationResult> {
  const { scenario } = input;
  const spoken = scenario.type === "CALL_SCENARIO";
  const traineeTurns = input.turns
    .map((t, turn) => ({ t, turn }))
    .filter(({ t }) => t.role === "trainee" && typeof t.text === "string" && t.text.trim() !== "");
  const fullTexts = traineeTurns.map(({ t }) => t.text);
  const texts = budgeted(fullTexts);
  const knownWords = knownWordsOf(input);
  const harper = await lintTexts(texts);
  const retext = await retextFindingsOf(texts);
  const msgs: Msg[] = [];
  for (let i = 0; i < texts.length; i++) {
    if (i > 0 && i % 10 === 0) await yieldToLoop();
    const m = findingsOf(texts[i]!, harper[i] ?? [], retext[i] ?? [], { spoken, knownWords });
    msgs.push({ ...m, turn: traineeTurns[i]!.turn, index: i, turnData: traineeTurns[i]!.t });
  }

  const words = sum(msgs.map((m) => m.wordCount));
  const sentences = sum(msgs.map((m) => m.a.sentences.length));
  const all = msgs.flatMap((m) => m.findings.map((f) => ({ f, m })));
  const of = (rule: string) => all.filter(({ f }) => f.rule === rule);
  const ofSkill = (skill: EvaluationSkill) => all.filter(({ f }) => f.skill === skill && isCounted(f));
  const factor = Math.min(1, words / MIN_WORDS);
  const raw: Partial<Record<EvaluationSkill, number>> = {};
  const scores: Partial<Record<EvaluationSkill, SkillScore>> = {};

  // Fluency -------------------------------------------------------------------------------
  const fillers = of("fluency/filler");
  const repeats = of("fluency/repeated-word");
  const disfluencyRate = per100(fillers.length + repeats.length, words);
  raw.fluency = scale(disfluencyRate, 0, FLUENCY_ZERO_AT);
  const fillerList = topCounts(fillers.map(({ f, m }) => m.a.text.slice(f.start, f.end).toLowerCase()));
  scores.fluency = {
    score: 0,
    summary:
      fillers.length + repeats.length === 0
        ? `No filler words or repeated words in ${words} words.`
        : `${fillers.length} filler word${fillers.length === 1 ? "" : "s"}${fillerList ? ` (${fillerList})` : ""} and ${repeats.length} repeated word${repeats.length === 1 ? "" : "s"}: ${round1(disfluencyRate)} per 100 words.`,
    metrics: { words, fillers: fillers.length, repeatedWords: repeats.length, fillersPer100: round1(per100(fillers.length, words)), disfluenciesPer100: round1(disfluencyRate), mostCommonFillers: fillerList || null },
  };

  // Grammar -------------------------------------------------------------------------------
  const grammar = ofSkill("grammar");
  const grammarWeighted = sum(grammar.map(({ f }) => f.weight));
  const grammarRate = per100(grammarWeighted, words);
  raw.grammar = scale(grammarRate, 0, GRAMMAR_ZERO_AT);
  const spelling = grammar.filter(({ f }) => f.rule === "grammar/spelling").length;
  const byKind = topCounts(grammar.map(({ f }) => f.rule.slice("grammar/".length)), 5);
  scores.grammar = {
    score: 0,
    summary:
      grammar.length === 0
        ? `No grammar findings in ${words} words.`
        : `${grammar.length} finding${grammar.length === 1 ? "" : "s"} (${byKind}): ${round1(grammarRate)} weighted per 100 words.`,
    metrics: { findings: grammar.length, spellingFindings: spelling, weightedPer100: round1(grammarRate), byKind: byKind || null, spellingCounted: spoken ? "no (speech)" : "half weight" },
  };

  // Vocabulary ----------------------------------------------------------------------------
  const alphaWords = msgs.flatMap((m) => m.words.filter((w) => /^\p{L}/u.test(w)));
  const lexicalDiversity = mattr(alphaWords);
  const content: { lemma: string; rare: boolean; word: string }[] = [];
  for (const m of msgs) {
    const misspelled = m.findings.filter((f) => f.rule === "grammar/spelling");
    for (const i of m.a.wordIdx) {
      const t = m.a.tokens[i]!;
      if (!["NOUN", "VERB", "ADJ", "ADV"].includes(t.pos) || !/^\p{L}[\p{L}'’-]*$/u.test(t.text)) continue;
      const rank = Math.min(frequencyRank(t.lower) ?? Infinity, frequencyRank(t.lemma) ?? Infinity);
      const unknown = rank === Infinity;
      const bad = misspelled.some((f) => f.start <= t.start && t.end <= f.end);
      const rare = !bad && (unknown ? t.text.length >= 4 : rank > COMMON_RANK);
      content.push({ lemma: t.lemma, rare, word: t.lower });
    }
  }
  const rareShare = content.length > 0 ? content.filter((c) => c.rare).length / content.length : 0;
  const variety = content.length > 0 ? new Set(content.map((c) => c.lemma)).size / content.length : 0;
  const lemmaCounts = new Map<string, number>();
  for (const c of content) lemmaCounts.set(c.lemma, (lemmaCounts.get(c.lemma) ?? 0) + 1);
  const overused = [...lemmaCounts.entries()]
    .filter(([l, n]) => n >= 3 && n / Math.max(1, content.length) >= 0.05 && !["be", "have", "do", "get", "go", "say", "make", "know", "think", "work"].includes(l))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  raw.vocabulary = 0.5 * scale(lexicalDiversity, 0.78, 0.5) + 0.3 * scale(rareShare, 0.2, 0.03) + 0.2 * scale(variety, 0.8, 0.4);
  const rareExamples = [...new Set(content.filter((c) => c.rare).map((c) => c.word))].slice(0, 5);
  scores.vocabulary = {
    score: 0,
    summary:
      `Lexical diversity (MATTR) ${round2(lexicalDiversity)}; ${Math.round(rareShare * 100)}% of content words are less common` +
      (overused.length > 0 ? `; “${overused[0]![0]}” came ${overused[0]![1]} times.` : "."),
    metrics: {
      mattr: round2(lexicalDiversity),
      lessCommonShare: round2(rareShare),
      contentWordVariety: round2(variety),
      contentWords: content.length,
      lessCommonExamples: rareExamples.join(", ") || null,
      overused: overused.length > 0 ? overused.slice(0, 3).map(([l, n]) => `${l} ×${n}`).join(", ") : null,
    },
  };

  // Clarity -------------------------------------------------------------------------------
  const hedges = all.filter(({ f }) => f.rule === "clarity/hedge" || f.rule === "clarity/weasel");
  const hedgeRate = per100(sum(hedges.map(({ f }) => f.weight)), words);
  const wordy = all.filter(({ f }) => f.rule === "clarity/wordy" || f.rule === "clarity/style");
  const wordyRate = per100(wordy.length, words);
  const hard = sum(msgs.map((m) => m.hardSentences));
  const passive = sum(msgs.map((m) => m.passiveSentences));
  const hardShare = sentences > 0 ? hard / sentences : 0;
  const passiveShare = sentences > 0 ? passive / sentences : 0;
  const avgSentence = sentences > 0 ? words / sentences : 0;
  const parts = {
    hedges: scale(hedgeRate, 0, 6),
    wordy: scale(wordyRate, 0, 4),
    readability: scale(hardShare, 0, 0.5),
    length: scale(avgSentence, 20, 40),
    passive: scale(passiveShare, 0.1, 0.5),
  };
  raw.clarity = 0.35 * parts.hedges + 0.2 * parts.wordy + 0.15 * parts.readability + 0.15 * parts.length + 0.15 * parts.passive;
  const clarityIssues = [
    hedges.length > 0 ? `${hedges.length} hedge or vague word${hedges.length === 1 ? "" : "s"}` : "",
    wordy.length > 0 ? `${wordy.length} wordy phrase${wordy.length === 1 ? "" : "s"}` : "",
    passive > 0 ? `${passive} passive sentence${passive === 1 ? "" : "s"}` : "",
    hard > 0 ? `${hard} hard-to-read sentence${hard === 1 ? "" : "s"}` : "",
  ].filter(Boolean);
  scores.clarity = {
    score: 0,
    summary: `Sentences average ${round1(avgSentence)} words` + (clarityIssues.length > 0 ? `; ${clarityIssues.join(", ")}.` : "; direct, with no hedges or wordy phrases."),
    metrics: {
      averageSentenceWords: round1(avgSentence),
      sentences,
      hedgesPer100: round1(hedgeRate),
      hedges: hedges.length,
      wordyPhrases: wordy.length,
      passiveSentences: passive,
      hardSentences: hard,
    },
  };

  // Professionalism -----------------------------------------------------------------------
  const profanity = of("professionalism/profanity");
  const casual = of("professionalism/casual");
  const shouting = of("professionalism/shouting");
  const politeMessages = msgs.filter((m) => m.findings.some((f) => f.rule === "professionalism/polite")).length;
  const politeness = msgs.length > 0 ? Math.min(1, politeMessages / Math.max(1, 0.4 * msgs.length)) : 0;
  const casualRate = per100(sum(casual.map(({ f }) => f.weight)), words);
  const penalty = sum(profanity.map(({ f }) => 25 * f.weight)) + Math.min(50, 6 * casualRate) + Math.min(30, 10 * shouting.length);
  raw.professionalism = Math.max(0, 80 + 20 * politeness - penalty);
  scores.professionalism = {
    score: 0,
    summary:
      [
        politeMessages > 0 ? `Polite phrasing in ${politeMessages} of ${msgs.length} messages` : "No polite phrasing (thanks, please, could you…)",
        profanity.length > 0 ? `${profanity.length} profane word${profanity.length === 1 ? "" : "s"}` : "",
        casual.length > 0 ? `${casual.length} overly casual marker${casual.length === 1 ? "" : "s"}` : "",
        shouting.length > 0 ? `${shouting.length} passage${shouting.length === 1 ? "" : "s"} in capitals` : "",
      ]
        .filter(Boolean)
        .join("; ") + ".",
    metrics: { politeMessages, politeness: round2(politeness), profanity: profanity.length, casualMarkers: casual.length, casualPer100: round1(casualRate), shouting: shouting.length },
  };

  // Task completion -----------------------------------------------------------------------
  const goals = scenario.data.goals;
  // The whole messages, exactly as the coach matched them, so both agree (past MAX_TOTAL_CHARS
  // the analysed parts only: matching 400,000 characters would take seconds).
  const truncated = sum(texts.map((t) => t.length)) < sum(fullTexts.map((t) => t.length));
  const hits = matchGoals(goals, truncated ? texts : fullTexts);
  const goalRows = goals.map((g) => {
    const hit = hits.get(g.id);
    return { id: g.id, description: g.description, covered: hit !== undefined, quote: hit?.sentence ?? null, turn: hit ? traineeTurns[hit.messageIndex]!.turn : null };
  });
  const covered = goalRows.filter((g) => g.covered).length;
  raw.taskCompletion = goals.length > 0 ? (100 * covered) / goals.length : 0;
  scores.taskCompletion = {
    score: 0,
    summary: `Covered ${covered} of ${goals.length} goal${goals.length === 1 ? "" : "s"}` + (covered < goals.length ? `; missing: ${goalRows.filter((g) => !g.covered).map((g) => g.description.toLowerCase()).join("; ")}.` : "."),
    metrics: { goals: goals.length, covered },
  };

  // Pace (calls with timings) -------------------------------------------------------------
  const timed = msgs.filter((m) => typeof m.turnData.durationMs === "number" && m.turnData.durationMs > 0);
  let paceInfo: { wpm: number; lo: number; hi: number; fastest?: Msg; slowest?: Msg; longPauses: number } | null = null;
  if (spoken && timed.length > 0) {
    const [lo, hi] = (scenario.type === "CALL_SCENARIO" ? scenario.data.targetWpm : undefined) ?? DEFAULT_WPM;
    const ms = sum(timed.map((m) => m.turnData.durationMs!));
    const wpm = sum(timed.map((m) => m.wordCount)) / (ms / 60000);
    const wpmScore = wpm < lo ? scale(wpm, lo, lo * 0.5) : wpm > hi ? scale(wpm, hi, hi * 1.5) : 100;
    const latencies: number[] = [];
    input.turns.forEach((t, i) => {
      const before = input.turns[i - 1];
      if (t.role !== "trainee" || !before || before.role !== "coach") return;
      if (typeof t.startedAt !== "number" || typeof before.startedAt !== "number" || typeof before.durationMs !== "number") return;
      const gap = t.startedAt - (before.startedAt + before.durationMs);
      if (gap >= 0 && gap < 10 * 60_000) latencies.push(gap);
    });
    const longPauses = latencies.filter((l) => l > LONG_PAUSE_MS).length;
    const coachTurns = input.turns.filter((t) => t.role === "coach");
    const allTimed = coachTurns.length > 0 && coachTurns.every((t) => typeof t.durationMs === "number" && t.durationMs > 0);
    const coachWords = sum(coachTurns.map((t) => t.text.split(/\s+/).filter(Boolean).length));
    const talkShare = allTimed ? ms / (ms + sum(coachTurns.map((t) => t.durationMs!))) : words / Math.max(1, words + coachWords);
    raw.pace = Math.max(0, wpmScore - Math.min(30, 10 * longPauses) - (talkShare < 0.2 ? 10 : 0));
    const rates = timed.filter((m) => m.wordCount >= 5).map((m) => ({ m, wpm: m.wordCount / (m.turnData.durationMs! / 60000) }));
    rates.sort((a, b) => b.wpm - a.wpm || a.m.index - b.m.index);
    paceInfo = { wpm, lo, hi, ...(rates[0] ? { fastest: rates[0].m } : {}), ...(rates.at(-1) ? { slowest: rates.at(-1)!.m } : {}), longPauses };
    scores.pace = {
      score: 0,
      summary:
        `${Math.round(wpm)} words per minute (target ${lo}–${hi})` +
        (longPauses > 0 ? `; ${longPauses} long pause${longPauses === 1 ? "" : "s"} before answering` : "") +
        `; you spoke ${Math.round(talkShare * 100)}% of the time.`,
      metrics: {
        wordsPerMinute: Math.round(wpm),
        targetLow: lo,
        targetHigh: hi,
        speakingSeconds: round1(ms / 1000),
        longPauses,
        averageLatencyMs: latencies.length > 0 ? Math.round(sum(latencies) / latencies.length) : null,
        talkShare: round2(talkShare),
        talkShareBasis: allTimed ? "time" : "words",
      },
    };
  }

  // Scores: too little text scales every text-based score down; task completion stands.
  for (const skill of Object.keys(scores) as EvaluationSkill[]) {
    const r = raw[skill] ?? 0;
    scores[skill]!.score = clampScore(skill === "taskCompletion" ? r : r * factor);
  }
  const numeric = Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, v.score])) as Partial<Record<EvaluationSkill, number>>;
  const rubric = scenario.data.rubric as Partial<Record<EvaluationSkill, number>> | undefined;
  const overallScore = overall(numeric, rubric);

  // Annotations ---------------------------------------------------------------------------
  const annotations: Annotation[] = [];
  for (const m of msgs) {
    for (const f of m.findings) {
      annotations.push({
        turn: m.turn,
        start: f.start,
        end: f.end,
        rule: f.rule,
        message: f.message,
        ...(f.replacement ? { suggestion: f.replacement } : {}),
        skill: f.skill,
        ...(f.positive ? { positive: true } : {}),
      });
    }
  }
  for (const g of goalRows) {
    if (!g.covered || g.turn === null || g.quote === null) continue;
    const m = msgs.find((x) => x.turn === g.turn)!;
    const at = fullTexts[m.index]!.indexOf(g.quote);
    if (at < 0) continue;
    annotations.push({ turn: g.turn, start: at, end: at + g.quote.length, rule: "taskCompletion/goal", message: `Covers the goal: ${g.description}`, skill: "taskCompletion", positive: true });
  }
  annotations.sort((a, b) => a.turn - b.turn || a.start - b.start || a.end - b.end || a.rule.localeCompare(b.rule));

  // Strengths and improvements ------------------------------------------------------------
  const { strengths, improvements } = evidence({ msgs, scores, rubric, goalRows, input, paceInfo, overused, rareExamples });

  // Summary -------------------------------------------------------------------------------
  const ranked = (Object.keys(scores) as EvaluationSkill[]).sort((a, b) => scores[b]!.score - scores[a]!.score || SKILL_ORDER.indexOf(a) - SKILL_ORDER.indexOf(b));
  const best = ranked[0]!;
  const worst = ranked.at(-1)!;
  let summary: string;
  if (words === 0) {
    summary = "There was too little to evaluate: you sent no answers in this session, so every score is 0. Try again and answer the coach's questions in full sentences.";
  } else if (words < MIN_WORDS) {
    summary = `There was too little to evaluate fairly: only ${words} word${words === 1 ? "" : "s"} from you, so the scores are scaled down (a fair reading needs at least ${MIN_WORDS}). You covered ${covered} of ${goals.length} goals. Next time, answer each question in a few full sentences.`;
  } else {
    summary =
      `Overall ${overallScore}/100. You covered ${covered} of ${goals.length} goal${goals.length === 1 ? "" : "s"}. ` +
      `Strongest: ${SKILL_NAMES[best]} (${scores[best]!.score}). ` +
      (scores[worst]!.score < 100 && worst !== best ? `To work on: ${SKILL_NAMES[worst]} (${scores[worst]!.score}) — ${lowerFirst(scores[worst]!.summary)}` : "Every skill scored 100.");
  }

  const analysedChars = sum(texts.map((t) => t.length));
  const metrics: Record<string, number | string | null> = {
    engineVersion: ENGINE_VERSION,
    words,
    messages: msgs.length,
    sentences,
    analysedChars,
    truncated: analysedChars < sum(fullTexts.map((t) => t.length)) ? "yes" : "no",
  };
  for (const [skill, s] of Object.entries(scores)) for (const [k, v] of Object.entries(s.metrics)) metrics[`${skill}.${k}`] = v;

  return {
    overallScore,
    scores,
    strengths,
    improvements,
    feedback: { summary, annotations, goals: goalRows, metrics },
  };
}

const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s);

// ---------------------------------------------------------------------------------------
// Evidence: each strength and improvement quotes one of the trainee's sentences.

type EvidenceContext = {
  msgs: Msg[];
  scores: Partial<Record<EvaluationSkill, SkillScore>>;
  rubric: Partial<Record<EvaluationSkill, number>> | undefined;
  goalRows: { id: string; description: string; covered: boolean; quote: string | null; turn: number | null }[];
  input: EvaluateInput;
  paceInfo: { wpm: number; lo: number; hi: number; fastest?: Msg; slowest?: Msg; longPauses: number } | null;
  overused: [string, number][];
  rareExamples: string[];
};

type Sent = { m: Msg; s: SentenceSpan; words: number; findings: Finding[] };

function evidence(ctx: EvidenceContext): { strengths: EvidenceItem[]; improvements: EvidenceItem[] } {
  const sents: Sent[] = ctx.msgs.flatMap((m) =>
    m.a.sentences.map((s) => ({ m, s, words: countWords(m.a, s.start, s.end), findings: m.findings.filter((f) => f.start >= s.start && f.start < s.end) })),
  );
  const used = new Set<string>();
  const key = (x: Sent) => `${x.m.turn}:${x.s.start}`;
  const counted = (x: Sent, skill: EvaluationSkill) => x.findings.filter((f) => f.skill === skill && !f.positive);
  const issues = (x: Sent) => x.findings.filter((f) => !f.positive && f.weight > 0).length;
  /** The longest sentence, among those with the fewest problems. */
  const longest = (xs: Sent[]) => [...xs].sort((a, b) => issues(a) - issues(b) || b.words - a.words || a.m.turn - b.m.turn || a.s.start - b.s.start)[0];
  /** The sentence with all mechanical fixes applied (or undefined when nothing changes). */
  const better = (x: Sent): string | undefined => {
    const edits = x.findings
      .filter((f) => !f.positive && f.replacement !== undefined && f.end <= x.s.end)
      .map((f) => ({ start: f.start - x.s.start, end: f.end - x.s.start, replacement: f.replacement! }));
    if (edits.length === 0) return undefined;
    const out = applyEdits(x.s.text, edits);
    return out && out !== x.s.text ? out : undefined;
  };
  const worstFor = (skill: EvaluationSkill, filter: (f: Finding) => boolean = () => true) =>
    sents
      .filter((x) => !used.has(key(x)))
      .map((x) => ({ x, w: sum(counted(x, skill).filter(filter).map((f) => f.weight || 0.5)) }))
      .filter((c) => c.w > 0)
      .sort((a, b) => b.w - a.w || a.x.m.turn - b.x.m.turn || a.x.s.start - b.x.s.start)[0]?.x;

  const weight = (s: EvaluationSkill) => (ctx.rubric && Object.keys(ctx.rubric).length > 0 ? (ctx.rubric[s] ?? 0) : 1);
  const skills = Object.keys(ctx.scores) as EvaluationSkill[];
  const score = (s: EvaluationSkill) => ctx.scores[s]!.score;
  const take = (x: Sent | undefined) => {
    if (!x) return undefined;
    used.add(key(x));
    return x.s.text;
  };

  // Strengths: the best skills (≥ 60), each with a sentence that shows it.
  const strengthFor = (skill: EvaluationSkill): EvidenceItem | undefined => {
    // Prefer sentences with no problem at all, so a strength never quotes a mistake.
    // A strength never quotes a sentence with a full-weight problem of its own skill, nor one
    // with profanity or strong slang; among the rest, the cleanest sentences come first.
    const fresh = sents.filter(
      (x) => !used.has(key(x)) && x.words >= 5 && !x.findings.some((f) => !f.positive && f.weight >= 1 && (f.skill === skill || f.skill === "professionalism")),
    );
    switch (skill) {
      case "taskCompletion": {
        const sentOf = (r: (typeof ctx.goalRows)[number]) => sents.find((x) => x.m.turn === r.turn && x.s.text.includes(r.quote!));
        const rows = ctx.goalRows.filter((r) => r.covered && r.quote);
        const g = rows.find((r) => { const x = sentOf(r); return !x || !used.has(key(x)); }) ?? rows[0];
        if (!g) return undefined;
        const sent = sentOf(g);
        if (sent) used.add(key(sent));
        const coveredN = ctx.goalRows.filter((r) => r.covered).length;
        return { skill, title: `Covered ${coveredN} of ${ctx.goalRows.length} goals, e.g. “${g.description}”`, quote: g.quote! };
      }
      case "fluency": {
        const q = take(longest(fresh.filter((x) => counted(x, "fluency").length === 0)));
        return q ? { skill, title: "Fluent: no fillers or repeated words", quote: q } : undefined;
      }
      case "grammar": {
        const q = take(longest(fresh.filter((x) => counted(x, "grammar").length === 0 && x.words >= 6)));
        return q ? { skill, title: "Accurate grammar", quote: q } : undefined;
      }
      case "vocabulary": {
        const rare = new Set(ctx.rareExamples);
        const pick = fresh
          .map((x) => ({ x, n: x.m.a.wordIdx.filter((i) => { const t = x.m.a.tokens[i]!; return t.start >= x.s.start && t.end <= x.s.end && rare.has(t.lower); }).length }))
          .filter((c) => c.n > 0)
          .sort((a, b) => issues(a.x) - issues(b.x) || b.n - a.n || a.x.m.turn - b.x.m.turn || a.x.s.start - b.x.s.start)[0];
        const q = take(pick?.x);
        return q ? { skill, title: `Precise, varied vocabulary${ctx.rareExamples.length > 0 ? ` (e.g. “${ctx.rareExamples.slice(0, 2).join("”, “")}”)` : ""}`, quote: q } : undefined;
      }
      case "clarity": {
        const ok = fresh.filter((x) => counted(x, "clarity").length === 0 && x.words >= 6 && x.words <= 25);
        const q = take(longest(ok));
        return q ? { skill, title: "Clear and direct", quote: q } : undefined;
      }
      case "professionalism": {
        const polite = fresh.filter((x) => x.findings.some((f) => f.rule === "professionalism/polite") && counted(x, "professionalism").length === 0);
        const q = take(polite[0] ?? longest(fresh.filter((x) => counted(x, "professionalism").length === 0)));
        return q ? { skill, title: polite.length > 0 ? "Polite and professional tone" : "Professional tone", quote: q } : undefined;
      }
      case "pace": {
        const p = ctx.paceInfo;
        if (!p) return undefined;
        const inRange = fresh.filter((x) => x.m.turnData.durationMs && x.m.wordCount >= 5).find((x) => {
          const w = x.m.wordCount / (x.m.turnData.durationMs! / 60000);
          return w >= p.lo && w <= p.hi;
        });
        const q = take(inRange ?? longest(fresh));
        return q ? { skill, title: `Comfortable pace: ${Math.round(p.wpm)} words per minute`, quote: q } : undefined;
      }
    }
  };

  // Improvements: the weakest skills, each with the sentence that shows the problem most and,
  // where a mechanical fix exists, a better version of it.
  const improvementFor = (skill: EvaluationSkill): EvidenceItem | undefined => {
    switch (skill) {
      case "taskCompletion": {
        const missing = ctx.goalRows.find((g) => !g.covered);
        if (!missing) return undefined;
        const goal = ctx.input.scenario.data.goals.find((g) => g.id === missing.id)!;
        // Quote the answer the trainee gave where the scenario expected this goal.
        const steps = ctx.input.scenario.data.steps.filter((s) => s.expects?.includes(goal.id));
        let answer: Msg | undefined;
        ctx.input.turns.forEach((t, i) => {
          if (answer || t.role !== "coach") return;
          if (!steps.some((s) => t.text.includes(s.say.slice(0, 40)) || (s.followUp && t.text.includes(s.followUp.slice(0, 40))))) return;
          answer = ctx.msgs.find((m) => m.turn > i);
        });
        const sent = answer ? sents.find((x) => x.m === answer && !used.has(key(x))) : sents.filter((x) => !used.has(key(x))).at(-1);
        const q = take(sent);
        if (!q) return undefined;
        return { skill, title: `Cover the goal “${missing.description}” (for example, say “${goal.phrases[0]}”)`, quote: q };
      }
      case "fluency": {
        const x = worstFor("fluency");
        const b = x && better(x);
        const q = take(x);
        return q ? { skill, title: "Leave out filler words and repeated words", quote: q, ...(b ? { better: b } : {}) } : undefined;
      }
      case "grammar": {
        const x = worstFor("grammar");
        if (!x) return undefined;
        const first = counted(x, "grammar")[0]!;
        const b = better(x);
        const q = take(x)!;
        return { skill, title: `Check your grammar: ${first.message.replace(/\.$/, "")}`, quote: q, ...(b ? { better: b } : {}) };
      }
      case "clarity": {
        const x = worstFor("clarity", (f) => f.weight > 0);
        if (!x) {
          const long = sents.find((s) => !used.has(key(s)) && s.findings.some((f) => f.rule === "clarity/long-sentence"));
          const q = take(long);
          return q ? { skill, title: "Split long sentences", quote: q } : undefined;
        }
        const rules = counted(x, "clarity").map((f) => f.rule);
        const title = rules.includes("clarity/hedge")
          ? "Say it directly: drop hedges such as “I think” and “maybe”"
          : rules.includes("clarity/wordy") || rules.includes("clarity/style")
            ? "Use the simpler word"
            : rules.includes("clarity/passive")
              ? "Say who did it: use the active voice"
              : rules.includes("clarity/weasel")
                ? "Replace vague words with specifics"
                : "Make the sentence easier to read";
        const b = better(x);
        const q = take(x)!;
        return { skill, title, quote: q, ...(b ? { better: b } : {}) };
      }
      case "professionalism": {
        const x = worstFor("professionalism");
        if (x) {
          const rules = counted(x, "professionalism").map((f) => f.rule);
          const b = better(x);
          const q = take(x)!;
          const title = rules.includes("professionalism/profanity")
            ? "Leave out strong language"
            : rules.includes("professionalism/shouting")
              ? "Avoid writing in capitals"
              : "Keep the tone professional: avoid slang and emoji";
          return { skill, title, quote: q, ...(b ? { better: b } : {}) };
        }
        if (Number(ctx.scores.professionalism?.metrics.politeness ?? 0) >= 1) return undefined;
        const plain = sents.filter((s) => !used.has(key(s)) && !s.findings.some((f) => f.rule === "professionalism/polite"));
        const q = take(plain[0]);
        return q ? { skill, title: "Add a polite touch: “thank you”, “please”, “could you…”", quote: q } : undefined;
      }
      case "vocabulary": {
        const top = ctx.overused[0];
        if (top) {
          const sent = sents.find((x) => !used.has(key(x)) && x.m.a.tokens.some((t) => t.start >= x.s.start && t.end <= x.s.end && t.lemma === top[0]));
          const q = take(sent);
          if (q) return { skill, title: `Vary your words: “${top[0]}” came ${top[1]} times`, quote: q };
        }
        const q = take(longest(sents.filter((x) => !used.has(key(x)))));
        return q ? { skill, title: "Use more precise, varied words (name the tool, the number, the result)", quote: q } : undefined;
      }
      case "pace": {
        const p = ctx.paceInfo;
        if (!p) return undefined;
        if (p.wpm > p.hi || p.wpm < p.lo) {
          const m = p.wpm > p.hi ? p.fastest : p.slowest;
          const q = take(m ? sents.find((x) => x.m === m && !used.has(key(x))) : undefined);
          if (q) return { skill, title: p.wpm > p.hi ? `Slow down: ${Math.round(p.wpm)} words per minute, aim for ${p.lo}–${p.hi}` : `Pick up the pace: ${Math.round(p.wpm)} words per minute, aim for ${p.lo}–${p.hi}`, quote: q };
        }
        if (p.longPauses > 0) {
          const q = take(sents.find((x) => !used.has(key(x))));
          if (q) return { skill, title: `Answer a little sooner: ${p.longPauses} long pause${p.longPauses === 1 ? "" : "s"} before answering`, quote: q };
        }
        return undefined;
      }
    }
  };

  const byWeakness = [...skills].sort((a, b) => score(a) - score(b) || weight(b) - weight(a) || SKILL_ORDER.indexOf(a) - SKILL_ORDER.indexOf(b));
  const improvements: EvidenceItem[] = [];
  const tried = new Set<EvaluationSkill>();
  for (const s of byWeakness) {
    if (improvements.length >= 3) break;
    if (score(s) >= 95 && improvements.length >= 2) break;
    if (score(s) >= 100) continue;
    tried.add(s);
    const item = improvementFor(s);
    if (item) improvements.push(item);
  }
  // A strong session still gets two points to work on: a next step from the skills left.
  for (const s of byWeakness) {
    if (improvements.length >= 2) break;
    if (tried.has(s)) continue;
    const item = improvementFor(s);
    if (item) improvements.push(item);
  }
  const byStrength = [...skills].sort((a, b) => score(b) - score(a) || weight(b) - weight(a) || SKILL_ORDER.indexOf(a) - SKILL_ORDER.indexOf(b));
  const strengths: EvidenceItem[] = [];
  for (const s of byStrength) {
    if (strengths.length >= 3 || score(s) < 60) break;
    const item = strengthFor(s);
    if (item) strengths.push(item);
  }

  return { strengths, improvements };
}
