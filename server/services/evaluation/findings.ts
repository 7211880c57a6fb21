// The findings in one trainee message, each with its character range in that message, sorted
// into the skill that counts it. Each finding is counted by exactly one skill: a "kind of" is a
// filler (fluency), not also a hedge (clarity); harper's filler and repeated-word rules are off
// because fluency counts those.
import type { EvaluationSkill } from "./types.ts";
import type { HarperFinding } from "./harper.ts";
import type { RetextFinding } from "./retext.ts";
import { analyse, countWords, fillersOf, wordsOf, type Analysed } from "./text.ts";
import {
  CASUAL_MILD,
  CASUAL_STRONG,
  COUNTED_HEDGES,
  COUNTED_WEASELS,
  FIRST_PERSON_HEDGES,
  MILD_WEIGHT,
  POLITE_PHRASES,
  WEASEL_WEIGHT,
} from "./lexicon.ts";

export type Finding = {
  skill: EvaluationSkill;
  /** "<skill>/<rule>", e.g. "fluency/filler", "grammar/agreement", "clarity/wordy". */
  rule: string;
  message: string;
  start: number;
  end: number;
  /** The replacement text; "" removes the range. Absent when there is no mechanical fix. */
  replacement?: string;
  /** How much the finding counts in its skill's rate (1 unless documented otherwise). */
  weight: number;
  /** A good thing (politeness, a goal covered), shown but not counted against. */
  positive?: boolean;
};

export type MessageFindings = {
  a: Analysed;
  words: string[];
  wordCount: number;
  findings: Finding[];
  /** Sentences flagged hard to read / passive, for the clarity rates. */
  hardSentences: number;
  passiveSentences: number;
};

/** harper kinds that are style, not correctness: counted under clarity as wordy/style. */
const STYLE_KINDS = new Set(["Style", "Readability", "Redundancy", "Enhancement"]);
/** harper kinds that are about the written form (spelling, capitals, punctuation). */
export const MECHANICAL_KINDS = new Set(["Spelling", "Typo", "Capitalization", "Punctuation", "Formatting", "BoundaryError"]);
/** A mechanical slip weighs half a grammar error in a chat. */
export const MECHANICAL_WEIGHT = 0.5;
/** Sentences longer than this many words get a "long sentence" note. */
export const LONG_SENTENCE_WORDS = 30;

/** Participles that, after "be", describe a state rather than a passive action ("I am based in Leeds"). */
const ADJECTIVAL_PARTICIPLES = new Set(["based", "organised", "organized", "interested", "excited", "involved", "qualified", "experienced", "motivated", "skilled", "prepared", "committed", "dedicated", "married", "located", "focused", "pleased", "satisfied", "tired", "bored", "worried", "surprised", "disappointed", "confused", "concerned", "delighted", "thrilled", "determined", "used", "supposed", "done", "finished", "gone", "specialised", "specialized", "certified", "licensed", "employed", "unemployed", "retired"]);
const DEGREE_ADVERBS = new Set(["very", "really", "quite", "so", "too", "extremely", "highly", "fairly", "pretty", "well", "truly", "deeply", "rather", "more", "most", "less"]);
const kebab = (s: string) => s.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

export type AnalyseOptions = {
  /** Calls: the text came from speech recognition, so spelling, capitals and punctuation are not the trainee's. */
  spoken: boolean;
  /** Words known from the scenario and the coach's turns (names, companies): never spelling mistakes. */
  knownWords: ReadonlySet<string>;
};

export function findingsOf(text: string, harper: readonly HarperFinding[], retext: readonly RetextFinding[], options: AnalyseOptions): MessageFindings {
  const a = analyse(text);
  const words = wordsOf(a);
  const findings: Finding[] = [];

  // Fluency: fillers and repeated words.
  const fillers = fillersOf(a);
  for (const f of fillers) {
    findings.push({ skill: "fluency", rule: "fluency/filler", message: `Filler: “${f.text}” adds nothing; leave it out.`, start: f.start, end: f.end, replacement: "", weight: 1 });
  }
  for (const r of retext) {
    if (r.source !== "repeated-words") continue;
    // The range is the first occurrence: removing it leaves the word once ("the the" → "the").
    const actual = text.slice(r.start, r.end);
    const first = /^\S+/.exec(actual)?.[0] ?? actual;
    findings.push({ skill: "fluency", rule: "fluency/repeated-word", message: `Repeated word: “${actual}”; say it once.`, start: r.start, end: r.start + first.length, replacement: "", weight: 1 });
  }

  // retext-repeated-words skips capitalised words on purpose (names such as "Duran Duran"),
  // which also skips the most common spoken repetition, "I I". A repeated capitalised function
  // word (pronoun, article, auxiliary…) is counted too.
  for (let i = 1; i < a.tokens.length; i++) {
    const t = a.tokens[i]!;
    const p = a.tokens[i - 1]!;
    if (t.type !== "word" || p.type !== "word" || t.lower !== p.lower || !/^[A-Z]/.test(p.text)) continue;
    if (!/^\s+$/.test(text.slice(p.end, t.start)) || !["PRON", "DET", "ADP", "AUX", "CCONJ", "SCONJ", "PART"].includes(t.pos)) continue;
    if (findings.some((f) => f.rule === "fluency/repeated-word" && overlaps(f, p))) continue;
    findings.push({ skill: "fluency", rule: "fluency/repeated-word", message: `Repeated word: “${text.slice(p.start, t.end)}”; say it once.`, start: p.start, end: p.end, replacement: "", weight: 1 });
  }

  // Grammar (and harper's style kinds, which go to clarity).
  const sentenceStarts = new Set(a.sentences.map((s) => s.start));
  for (const h of harper) {
    const flagged = text.slice(h.start, h.end);
    if (STYLE_KINDS.has(h.kind)) {
      findings.push({ skill: "clarity", rule: "clarity/style", message: h.message, start: h.start, end: h.end, ...(h.suggestion !== undefined ? { replacement: h.suggestion } : {}), weight: 1 });
      continue;
    }
    if (h.kind === "Repetition") continue; // fluency/repeated-word
    const mechanical = MECHANICAL_KINDS.has(h.kind);
    if (mechanical && options.spoken) continue;
    if (h.kind === "Spelling") {
      const lower = flagged.toLowerCase();
      if (options.knownWords.has(lower)) continue; // a name from the scenario
      if (/^[A-Z]/.test(flagged) && !sentenceStarts.has(h.start)) continue; // a proper noun
      if (lower in CASUAL_STRONG || lower in CASUAL_MILD) continue; // professionalism counts it
      if (fillers.some((f) => overlaps(f, h))) continue;
    }
    findings.push({
      skill: "grammar",
      rule: `grammar/${kebab(h.kind)}`,
      message: h.message,
      start: h.start,
      end: h.end,
      ...(h.suggestion !== undefined ? { replacement: h.suggestion } : {}),
      weight: mechanical ? MECHANICAL_WEIGHT : 1,
    });
  }

  // Clarity: hedges and weasels (a curated subset of retext-intensify's), passive voice,
  // wordy phrases, hard and long sentences.
  let hardSentences = 0;
  const passiveAt = new Set<number>();
  for (const r of retext) {
    const actual = text.slice(r.start, r.end);
    const lower = actual.toLowerCase();
    if (r.source === "intensify") {
      if (fillers.some((f) => overlaps(f, r))) continue;
      if (findings.some((f) => f.rule.startsWith("clarity/hedge") || f.rule.startsWith("clarity/weasel") ? overlaps(f, r) : false)) continue;
      if (FIRST_PERSON_HEDGES.has(lower)) {
        const before = /\bI\s+(?:do\s+|really\s+|just\s+)?$/i.exec(text.slice(Math.max(0, r.start - 20), r.start));
        if (!before) continue;
        const start = r.start - before[0].length;
        // "I think that we…" → "we…": drop the hedge and its "that".
        const after = /^\s+that\b/i.exec(text.slice(r.end));
        findings.push({ skill: "clarity", rule: "clarity/hedge", message: `Hedge: “${text.slice(start, r.end)}” makes you sound unsure; state it directly.`, start, end: r.end + (after ? after[0].length : 0), replacement: "", weight: 1 });
        continue;
      }
      if (COUNTED_HEDGES.has(lower)) {
        findings.push({ skill: "clarity", rule: "clarity/hedge", message: `Hedge: “${actual}” makes you sound unsure; state it directly.`, start: r.start, end: r.end, replacement: "", weight: 1 });
      } else if (COUNTED_WEASELS.has(lower)) {
        findings.push({ skill: "clarity", rule: "clarity/weasel", message: `Vague word: “${actual}”; a specific fact or number says more.`, start: r.start, end: r.end, replacement: "", weight: WEASEL_WEIGHT });
      }
    } else if (r.source === "simplify") {
      const better = r.expected.find((e) => e !== "remove") ?? "";
      const replacement = better && /^[A-Z]/.test(actual) ? better[0]!.toUpperCase() + better.slice(1) : better;
      findings.push({
        skill: "clarity",
        rule: "clarity/wordy",
        message: better ? `Wordy: “${actual}”; “${better}” says the same more simply.` : `Wordy: “${actual}” can go.`,
        start: r.start,
        end: r.end,
        replacement,
        weight: 1,
      });
    } else if (r.source === "passive") {
      const s = a.sentences.find((x) => r.start >= x.start && r.start < x.end);
      passiveAt.add(s ? s.start : r.start);
      findings.push({ skill: "clarity", rule: "clarity/passive", message: `Passive voice: “${actual}”; say who did it (“we decided” rather than “it was decided”).`, start: r.start, end: r.end, weight: 1 });
    } else if (r.source === "readability") {
      hardSentences++;
      findings.push({ skill: "clarity", rule: "clarity/hard-sentence", message: "Hard to read: split this sentence or use shorter words.", start: r.start, end: r.end, weight: 1 });
    } else if (r.source === "profanities") {
      const sure = (r.severity ?? 1) >= 2;
      findings.push({
        skill: "professionalism",
        rule: "professionalism/profanity",
        message: sure ? `Profanity: “${actual}” is not acceptable at work.` : `“${actual}” may offend; choose a neutral word.`,
        start: r.start,
        end: r.end,
        replacement: "",
        weight: sure ? 1 : 0.4,
      });
    }
  }
  // retext-passive knows irregular participles only ("written", "made"); regular ones ("it
  // was decided") are found from wink-nlp's tags: a form of "be", at most one adverb, then a
  // past participle (a verb ending in -ed/-en).
  for (let i = 0; i < a.tokens.length; i++) {
    const t = a.tokens[i]!;
    if (t.pos !== "AUX" || t.lemma !== "be") continue;
    let j = i + 1;
    if (a.tokens[j]?.pos === "ADV") {
      if (DEGREE_ADVERBS.has(a.tokens[j]!.lower)) continue; // "very organised" is an adjective
      j++;
    }
    const v = a.tokens[j];
    if (!v || v.pos !== "VERB" || !/(ed|en)$/i.test(v.text) || ADJECTIVAL_PARTICIPLES.has(v.lower)) continue;
    if (findings.some((f) => f.rule === "clarity/passive" && overlaps(f, v))) continue;
    const s = a.sentences.find((x) => v.start >= x.start && v.start < x.end);
    passiveAt.add(s ? s.start : v.start);
    findings.push({ skill: "clarity", rule: "clarity/passive", message: `Passive voice: “${text.slice(t.start, v.end)}”; say who did it (“we decided” rather than “it was decided”).`, start: t.start, end: v.end, weight: 1 });
  }
  for (const s of a.sentences) {
    const n = countWords(a, s.start, s.end);
    if (n > LONG_SENTENCE_WORDS && !findings.some((f) => f.rule === "clarity/hard-sentence" && f.start === s.start)) {
      findings.push({ skill: "clarity", rule: "clarity/long-sentence", message: `Long sentence (${n} words): split it in two.`, start: s.start, end: s.end, weight: 0 });
    }
  }

  // Professionalism: casual markers, shouting, politeness.
  for (let i = 0; i < a.tokens.length; i++) {
    const t = a.tokens[i]!;
    if (t.type === "emoji" || t.type === "emoticon") {
      findings.push({ skill: "professionalism", rule: "professionalism/casual", message: `Emoji and emoticons (“${t.text}”) are too casual here.`, start: t.start, end: t.end, replacement: "", weight: 1 });
      continue;
    }
    if (t.type !== "word") continue;
    const strong = CASUAL_STRONG[t.lower];
    const mild = CASUAL_MILD[t.lower];
    if (strong === undefined && mild === undefined) continue;
    if (t.lower === "cool" && t.pos !== "INTJ" && t.pos !== "ADJ") continue;
    if (t.lower === "u" && t.text === "U") continue; // a letter, not "you"
    const replacement = (strong ?? mild)!;
    findings.push({
      skill: "professionalism",
      rule: "professionalism/casual",
      message: replacement ? `Too casual: “${t.text}”; say “${replacement}”.` : `Too casual: “${t.text}”; leave it out.`,
      start: t.start,
      end: t.end,
      replacement,
      weight: strong !== undefined ? 1 : MILD_WEIGHT,
    });
  }
  for (const m of text.matchAll(/[!?]*![!?]+|\?\?+/g)) {
    findings.push({ skill: "professionalism", rule: "professionalism/casual", message: "Repeated punctuation reads as shouting or too casual; one mark is enough.", start: m.index, end: m.index + m[0].length, replacement: m[0].includes("?") ? "?" : "!", weight: MILD_WEIGHT });
  }
  // Shouting: two or more consecutive all-caps words (one acronym such as "CRM" is fine).
  for (const m of text.matchAll(/\b[A-Z]{2,}(?:[\s,]+[A-Z]{2,}\b)+/g)) {
    if (!/[A-Z]{3,}/.test(m[0])) continue;
    findings.push({ skill: "professionalism", rule: "professionalism/shouting", message: "All capitals reads as shouting; write it in normal case.", start: m.index, end: m.index + m[0].length, replacement: m[0].charAt(0) + m[0].slice(1).toLowerCase(), weight: 1 });
  }
  const lowerWords = a.wordIdx.map((i) => a.tokens[i]!);
  const joined = words; // lowercase forms with clitics merged ("don't")
  for (const phrase of POLITE_PHRASES) {
    for (let i = 0; i + phrase.length <= joined.length; i++) {
      if (phrase.every((w, k) => joined[i + k] === w || (phrase.length === 1 && joined[i + k]!.startsWith(w) && w.length >= 5))) {
        const first = lowerWords[i]!;
        const last = lowerWords[i + phrase.length - 1]!;
        const end = a.tokens[a.tokens.indexOf(last) + 1] && /^['’]/.test(a.tokens[a.tokens.indexOf(last) + 1]!.text) ? a.tokens[a.tokens.indexOf(last) + 1]!.end : last.end;
        if (!findings.some((f) => f.rule === "professionalism/polite" && overlaps(f, { start: first.start, end }))) {
          findings.push({ skill: "professionalism", rule: "professionalism/polite", message: "Polite phrasing.", start: first.start, end, weight: 1, positive: true });
        }
      }
    }
  }

  // Ranges hold the flagged words only: no surrounding whitespace (harper's can include it).
  for (const f of findings) {
    while (f.end > f.start && /\s/.test(text[f.end - 1]!)) f.end--;
    while (f.start < f.end && /\s/.test(text[f.start]!)) f.start++;
  }
  const kept = findings.filter((f) => f.end > f.start);
  kept.sort((x, y) => x.start - y.start || x.end - y.end || x.rule.localeCompare(y.rule));
  return { a, words, wordCount: words.length, findings: kept, hardSentences, passiveSentences: passiveAt.size };
}
