// The embedded coach: plays a scenario's script with no network and no model. It says the
// opening, then each step's `say`; when the trainee's answer to a step covers none of the step's
// `expects` goals (goal matching on lemmas, server/services/language/goals.ts) it asks the step's
// `followUp` once, then moves on whatever the answer; after the last step it says the closing.
//
// It is stateless and deterministic: the position in the script is found by replaying the
// trainee's messages from the start, and every choice of wording (the short acknowledgement
// before the next line, in the persona's tone) is picked by a hash of the conversation so far.
// The same scenario and the same trainee messages always give the same replies.
import { matchGoals, phraseSpan, sentencesOf } from "../language/goals.ts";
import { makeReply, wordChunks } from "./stream.ts";
import type { Coach, CoachReply, CoachScenario, CoachTurn } from "./types.ts";

type Tone = "friendly" | "neutral" | "demanding";

/** Where the conversation is in the script, after some trainee messages. */
export type ScriptPosition =
  /** The opening was said; the trainee's first message answers it. */
  | { at: "opening" }
  /** Step `step` was said (and its follow-up, when `followUpAsked`). */
  | { at: "step"; step: number; followUpAsked: boolean }
  /** The closing was said: the conversation is over. */
  | { at: "closed" };

/** What the script says next: the line itself (without acknowledgement) and what it is. */
export type ScriptLine = {
  kind: "opening" | "step" | "follow-up" | "closing" | "after-closing";
  /** The script's line (the step's say, its follow-up, the closing…). */
  line: string;
  /** The whole reply: a short acknowledgement of the trainee's message, then the line. */
  text: string;
  /** True for the closing and anything after it. */
  finished: boolean;
  /** The expected goals the trainee's message covered (ids). */
  covered: string[];
};

/** Said to any message after the closing. */
export const AFTER_CLOSING = "That's the end of our conversation — thank you. Press End to see your evaluation.";

/** Words that carry no answer on their own ("ok", "hmm", "?"): such a message is "thin". */
const FILLERS = new Set(
  "ok okay k yes yeah yep yup no nope nah hmm hm mm um uh er erm sure fine maybe perhaps idk what pardon sorry right well so alright".split(" "),
);

/** Words that answer nothing at all: a message of only these is blank. */
const NON_ANSWERS = new Set("hmm hm mm um uh er erm huh what pardon sorry idk".split(" "));

/** Lines of a script that already start by acknowledging (no acknowledgement of ours before them). */
const ACK_START =
  /^(ok|okay|great|wonderful|perfect|right|fine|hmm+|hm|good|alright|all right|thanks|thank you|ha|ah|oh|yes|nice|lovely|sounds|of course|i see|i hear you|you're welcome|you’re welcome|that's|that’s|understood|got it|excellent|brilliant|sure|absolutely)\b/i;

type AckKind = "covered" | "answered" | "missed" | "thin" | "move-on";

const ACKS: Record<Tone, Record<AckKind, string[]>> = {
  friendly: {
    covered: ["That's great.", "Lovely, thank you.", "Oh, that's good to hear.", "That's really helpful, thanks.", "I like that.", "Great, thanks for sharing that."],
    answered: ["Thanks!", "Good to hear.", "Ah, nice.", "Lovely.", "Thanks for that."],
    missed: ["Okay, thanks.", "I see.", "Mm, okay.", "Got it, thanks."],
    thin: ["No rush.", "Take your time.", "That's okay, no pressure."],
    "move-on": ["That's okay, let's keep going.", "No problem, let's move on.", "Alright, let's carry on."],
  },
  neutral: {
    covered: ["Thank you.", "Understood.", "Okay, noted.", "Clear, thanks.", "Right, thank you.", "I see, thanks."],
    answered: ["Okay.", "Thank you.", "Right.", "I see."],
    missed: ["I see.", "Okay.", "Hm, okay.", "Right."],
    thin: ["Let me put it another way.", "Let me rephrase that.", "Sorry, let me be clearer."],
    "move-on": ["Alright, let's move on.", "Okay, let's continue.", "Fine, let's go on."],
  },
  demanding: {
    covered: ["Fine.", "Noted.", "Alright.", "Okay, I hear you.", "Fair enough.", "Hm. Okay."],
    answered: ["Right.", "Okay.", "Hm."],
    missed: ["Hm. That's not really what I asked.", "That doesn't quite answer my question.", "Hm."],
    thin: ["I need more than that.", "That's not much to go on.", "Come on, give me something."],
    "move-on": ["Fine, let's move on.", "Okay. Moving on.", "Let's leave it there."],
  },
};

/** Echoes of the trainee's own words for a covered goal ("A signing bonus, noted."). */
const ECHOES: Record<Tone, string[]> = {
  friendly: ["Ah, {x} — good to know.", "{X}, lovely.", "Oh, {x}. Nice."],
  neutral: ["{X}, noted.", "Right, {x}.", "Okay, {x}. Thank you."],
  demanding: ["{X}. Noted.", "Hm, {x}.", "{X}, you say. Okay."],
};

/** Said before repeating a step's line when a thin answer gets no scripted follow-up. */
const NUDGES: Record<Tone, string[]> = {
  friendly: ["Could you tell me a little more?", "Would you like to say a bit more about that?"],
  neutral: ["Could you answer in a little more detail?", "Could you say a bit more?"],
  demanding: ["Give me a proper answer.", "I need a real answer here."],
};

/** 32-bit FNV-1a: a small, stable hash (the same text gives the same number everywhere). */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

type Scenario = CoachScenario["data"];

/**
 * The trainee's words for a covered goal, when they make a natural echo: a short noun phrase
 * ("a signing bonus", "LinkedIn", "56,000"), with its article, never a pronoun or a verb.
 */
function echoOf(goal: { id: string; phrases: readonly string[] }, message: string): string | null {
  const hit = matchGoals([goal], [message]).get(goal.id);
  if (!hit) return null;
  const span = phraseSpan(hit.sentence, hit.phrase);
  if (!span || span.text.length > 40) return null;
  const nounish = span.tags.every((t) => ["NOUN", "PROPN", "NUM", "ADJ"].includes(t)) && span.tags.some((t) => ["NOUN", "PROPN", "NUM"].includes(t));
  if (!nounish) return null;
  // Only a plain article may come along ("a refund"); "my report" would need "your report".
  if (span.before && ["DET", "PRON"].includes(span.before.tag)) {
    if (!/^(a|an|the)$/i.test(span.before.text)) return null;
    return `${span.before.text.toLowerCase()} ${span.text}`;
  }
  return span.text;
}

/**
 * Replays the script over the trainee's messages (oldest first) and returns what the coach says
 * after each of them. Exported for the LLM provider (which follows the same script) and the
 * preview; the coach's own turns do not matter, only what the trainee said.
 */
export function replayScript(scenario: CoachScenario, traineeMessages: readonly string[]): { lines: ScriptLine[]; position: ScriptPosition } {
  const data: Scenario = scenario.data;
  const tone: Tone = data.persona.tone ?? "neutral";
  const goalsById = new Map(data.goals.map((g) => [g.id, g]));
  const lines: ScriptLine[] = [];
  let position: ScriptPosition = { at: "opening" };
  let seed = hash(`${scenario.type}\u0000${scenario.title}`);
  let lastAck = "";

  const pick = <T>(options: readonly T[], salt: number): T => options[(seed + salt) % options.length]!;

  traineeMessages.forEach((message) => {
    if (position.at === "closed") {
      lines.push({ kind: "after-closing", line: AFTER_CLOSING, text: AFTER_CLOSING, finished: true, covered: [] });
      return;
    }
    seed = hash(`${seed}\u0000${message}`);
    const words = sentencesOf(message).flatMap((s) => s.words).filter((w) => /[\p{L}\p{N}]/u.test(w));
    // Blank: nothing that answers anything ("?", "hmm"). Thin: little more than that ("ok", "yes").
    const blank = words.every((w) => NON_ANSWERS.has(w));
    const thin = blank || words.every((w) => FILLERS.has(w)) || words.length <= 2;

    let kind: ScriptLine["kind"];
    let line: string;
    let ack: AckKind;
    let covered: string[] = [];
    let echo: string | null = null;

    const advance = (from: number) => {
      const next = from + 1;
      if (next < data.steps.length) {
        position = { at: "step", step: next, followUpAsked: false };
        kind = "step";
        line = data.steps[next]!.say;
      } else {
        position = { at: "closed" };
        kind = "closing";
        line = data.closing;
      }
    };

    if (position.at === "opening") {
      ack = thin ? "missed" : "answered";
      advance(-1);
    } else {
      const step = data.steps[position.step]!;
      const expects = (step.expects ?? []).map((id) => goalsById.get(id)).filter((g) => g !== undefined);
      covered = [...matchGoals(expects, [message]).keys()];
      // A step that expects no goal takes any real answer ("No, that's all" is one).
      const missed = expects.length > 0 ? covered.length === 0 : blank;
      if (missed && !position.followUpAsked && (step.followUp || thin)) {
        kind = "follow-up";
        line = step.followUp ?? `${pick(NUDGES[tone], 7)} ${step.say}`;
        ack = thin ? "thin" : "missed";
        position = { at: "step", step: position.step, followUpAsked: true };
      } else {
        // Moving on after a miss, an answer that still says something the scenario wants (another
        // step's goal) is acknowledged as such rather than brushed aside.
        const relevant = covered.length > 0 || (missed && !thin && matchGoals(data.goals, [message]).size > 0);
        ack = relevant ? "covered" : missed ? "move-on" : "answered";
        if (covered.length > 0 && (seed >>> 3) % 2 === 0) {
          const first = goalsById.get(covered[0]!);
          echo = first ? echoOf(first, message) : null;
        }
        advance(position.step);
      }
    }

    // The acknowledgement: none when the script's line already starts with one; an echo of the
    // trainee's words sometimes; never the same wording twice in a row.
    let prefix = "";
    if (!ACK_START.test(line!)) {
      if (echo) {
        const template = pick(ECHOES[tone], 3);
        prefix = template.startsWith("{X}") ? template.replace("{X}", capitalise(echo)) : template.replace("{x}", echo);
      } else {
        const options = ACKS[tone][ack];
        prefix = pick(options, 0);
        if (prefix === lastAck) prefix = options[(options.indexOf(prefix) + 1) % options.length]!;
      }
      lastAck = prefix;
    }
    const finished = kind! === "closing";
    lines.push({ kind: kind!, line: line!, text: prefix ? `${prefix} ${line!}` : line!, finished, covered });
  });

  return { lines, position };
}

/** The trainee's messages of a conversation, oldest first. */
export const traineeMessagesOf = (turns: readonly CoachTurn[]) => turns.filter((t) => t.role === "trainee").map((t) => t.text);

/** What the embedded coach says next in this conversation (the opening when the trainee has said nothing). */
export function nextScriptLine(scenario: CoachScenario, turns: readonly CoachTurn[]): ScriptLine {
  const { lines } = replayScript(scenario, traineeMessagesOf(turns));
  const last = lines.at(-1);
  if (last) return last;
  return { kind: "opening", line: scenario.data.opening, text: scenario.data.opening, finished: false, covered: [] };
}

export const embeddedCoach: Coach = {
  opening: (scenario) => scenario.data.opening,
  reply(scenario, turns, options = {}): CoachReply {
    return makeReply(async (push) => {
      options.signal?.throwIfAborted();
      const next = nextScriptLine(scenario, turns);
      for (const chunk of wordChunks(next.text)) push(chunk);
      return { provider: "embedded", finished: next.finished };
    });
  },
};
