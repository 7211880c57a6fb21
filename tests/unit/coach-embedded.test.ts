// The embedded coach: the script (opening, steps, one follow-up when an expected goal is
// missed, closing, the line after the closing), goal matching through inflection and
// punctuation, determinism, varied acknowledgements, and chunks that add up to the reply.
import { describe, expect, it } from "vitest";
import { AFTER_CLOSING, embeddedCoach, replayScript } from "../../server/services/coach/embedded.ts";
import type { CoachReply, CoachScenario, CoachTurn } from "../../server/services/coach/types.ts";
import type { ChatScenarioData } from "../../shared/schemas/content.ts";

const data: ChatScenarioData = {
  persona: { name: "Dana", role: "Procurement lead", tone: "neutral" },
  brief: "Negotiate the supplier contract.",
  goals: [
    { id: "negotiate", description: "Negotiate the contract", phrases: ["negotiate a contract", "renegotiate"] },
    { id: "price", description: "Name a price", phrases: ["per unit", "discount"] },
  ],
  opening: "Hello, shall we begin?",
  steps: [
    { id: "aim", say: "What do you want from this meeting?", expects: ["negotiate"], followUp: "Be concrete: what do you want to change?" },
    { id: "price", say: "What price do you propose?", expects: ["price"], followUp: "Do you have a number in mind?" },
    { id: "free", say: "Anything else to add?" },
  ],
  closing: "Thank you, we'll be in touch.",
};
const scenario = (d: ChatScenarioData = data, title = "Supplier contract"): CoachScenario => ({ type: "CHAT_SCENARIO", title, data: d });

/** A conversation: the opening, then each trainee message followed by the coach's reply. */
async function converse(messages: string[], s = scenario()) {
  const turns: CoachTurn[] = [{ role: "coach", text: embeddedCoach.opening(s) }];
  const replies = [];
  for (const text of messages) {
    turns.push({ role: "trainee", text });
    const end = await embeddedCoach.reply(s, turns).end;
    replies.push(end);
    turns.push({ role: "coach", text: end.text });
  }
  return replies;
}

async function chunksOf(reply: CoachReply) {
  const out: string[] = [];
  for await (const c of reply) out.push(c);
  return out;
}

describe("the embedded coach", () => {
  it("says the opening, then each step; asks a step's follow-up exactly once when its goal is missed, then moves on", async () => {
    expect(embeddedCoach.opening(scenario())).toBe("Hello, shall we begin?");
    const r = await converse(["Hi, sure.", "I just want to chat.", "Still just chatting, really.", "We offer 10 per unit.", "Hmm?"]);
    expect(r[0]!.text).toMatch(/What do you want from this meeting\?$/);
    expect(r[1]!.text).toMatch(/Be concrete: what do you want to change\?$/);
    // The second miss does not repeat the follow-up: the script moves on.
    expect(r[2]!.text).toMatch(/What price do you propose\?$/);
    expect(r[2]!.text).not.toMatch(/Be concrete/);
    expect(r[3]!.text).toMatch(/Anything else to add\?$/);
    expect(r.slice(0, 4).every((x) => x.finished === false && x.provider === "embedded")).toBe(true);
    // A blank answer ("Hmm?") to a step with no expected goals and no scripted follow-up gets one
    // nudge that repeats the question.
    expect(r[4]!.finished).toBe(false);
    expect(r[4]!.text).toMatch(/Anything else to add\?$/);
  });

  it("says the closing after the last step (finished), and a polite end line to anything after it", async () => {
    const r = await converse(["Hi.", "I want to renegotiate the contract.", "A 5% discount.", "Nothing more, thank you for your time.", "Hello? Are you there?", "?"]);
    expect(r[3]!).toMatchObject({ finished: true, provider: "embedded" });
    expect(r[3]!.text).toMatch(/Thank you, we'll be in touch\.$/);
    expect(r[4]!).toEqual({ text: AFTER_CLOSING, finished: true, provider: "embedded" });
    expect(r[5]!.text).toBe(AFTER_CLOSING);
    expect(AFTER_CLOSING).toMatch(/Press End to see your evaluation/);
  });

  it("matches goals whatever the inflection, case and punctuation", async () => {
    for (const answer of ["We NEGOTIATED the contract last year, and want to again!", "negotiating contracts... that's why I'm here.", "I'd like to negotiate a new contract."]) {
      const [, reply] = await converse(["Hello.", answer]);
      expect([answer, reply!.text]).toEqual([answer, expect.stringMatching(/What price do you propose\?$/)]);
    }
    const [, , reply] = await converse(["Hello.", "I want to renegotiate.", "Discounts, mostly; 4 per-unit."]);
    expect(reply!.text).toMatch(/Anything else to add\?$/);
  });

  it("asks the follow-up after empty-ish and very short answers", async () => {
    for (const answer of ["ok", "?", "Hmm, yes.", "Maybe."]) {
      const [, reply] = await converse(["Hello.", answer]);
      expect([answer, reply!.text]).toEqual([answer, expect.stringMatching(/Be concrete: what do you want to change\?$/)]);
    }
    // A step without a scripted follow-up nudges a blank answer once, repeating its question…
    const [, , , nudge, next] = await converse(["Hello.", "I want to renegotiate.", "A discount.", "?", "?"]);
    expect(nudge!.text).toMatch(/Anything else to add\?$/);
    expect(nudge!.text.length).toBeGreaterThan("Anything else to add?".length + 10);
    expect(nudge!.finished).toBe(false);
    expect(next!.finished).toBe(true);
    // …but takes a short real answer, since it expects no goal.
    const [, , , done] = await converse(["Hello.", "I want to renegotiate.", "A discount.", "No, thanks."]);
    expect(done!.finished).toBe(true);
  });

  it("is deterministic: the same scenario and messages give the same replies", async () => {
    const messages = ["Hi there.", "I'd like to negotiate the contract.", "Maybe.", "Ten per unit.", "That's all."];
    const a = await converse(messages);
    const b = await converse(messages);
    expect(b).toEqual(a);
    // The coach's own turns do not change the reply: only the trainee's messages count.
    const turns: CoachTurn[] = [
      { role: "coach", text: "something else" },
      { role: "trainee", text: messages[0]! },
      { role: "coach", text: "whatever" },
      { role: "trainee", text: messages[1]! },
    ];
    expect((await embeddedCoach.reply(scenario(), turns).end).text).toBe(a[1]!.text);
  });

  it("varies its acknowledgements, in the persona's tone", () => {
    const messages = ["Hello.", "We need to renegotiate the contract.", "A discount of ten percent.", "We would also like faster delivery."];
    const prefixes = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const { lines } = replayScript(scenario(data, `Supplier contract ${i}`), messages);
      const ack = lines[1]!.text.slice(0, -lines[1]!.line.length).trim();
      expect(ack.length).toBeGreaterThan(0);
      prefixes.add(ack);
    }
    expect(prefixes.size).toBeGreaterThanOrEqual(3);

    // Demanding and friendly personas sound different on a thin answer.
    const thin = (tone: "friendly" | "demanding") => {
      const texts = new Set<string>();
      for (let i = 0; i < 8; i++) {
        const { lines } = replayScript(scenario({ ...data, persona: { ...data.persona, tone } }, `T${i}`), ["Hi.", "ok"]);
        texts.add(lines[1]!.text.slice(0, -lines[1]!.line.length).trim());
      }
      return texts;
    };
    const friendly = thin("friendly");
    const demanding = thin("demanding");
    expect([...friendly].some((t) => demanding.has(t))).toBe(false);
    expect([...friendly].every((t) => /rush|time|pressure/i.test(t))).toBe(true);
  });

  it("never repeats the same acknowledgement twice in a row", () => {
    for (let i = 0; i < 20; i++) {
      const { lines } = replayScript(scenario(data, `Run ${i}`), ["Hello.", "Chatting.", "Still chatting.", "Five per unit.", "ok", "Nothing."]);
      const acks = lines.map((l) => l.text.slice(0, l.text.length - l.line.length).trim()).filter(Boolean);
      for (let j = 1; j < acks.length; j++) expect(acks[j]).not.toBe(acks[j - 1]);
    }
  });

  it("sometimes echoes the trainee's words for a covered goal, naturally", () => {
    const echoes = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const { lines } = replayScript(scenario(data, `Echo ${i}`), ["Hello.", "I want to renegotiate.", "We would like a discount."]);
      const ack = lines[2]!.text.slice(0, -lines[2]!.line.length).trim();
      if (/discount/i.test(ack)) echoes.add(ack);
    }
    expect(echoes.size).toBeGreaterThan(0);
    for (const e of echoes) expect(e).toMatch(/\ba discount\b/i);
  });

  it("streams the reply in chunks of a few words that concatenate to end.text", async () => {
    const turns: CoachTurn[] = [
      { role: "coach", text: data.opening },
      { role: "trainee", text: "Hello, I want to renegotiate the contract we signed." },
      { role: "coach", text: "What do you want from this meeting?" },
      { role: "trainee", text: "I would like to renegotiate the contract, and then talk about a discount per unit." },
    ];
    const reply = embeddedCoach.reply(scenario(), turns);
    const chunks = await chunksOf(reply);
    const end = await reply.end;
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join("")).toBe(end.text);
    for (const c of chunks) expect(c.trim().split(/\s+/).length).toBeLessThanOrEqual(3);
    // Iterating again gives the same chunks (the reply is kept).
    expect(await chunksOf(reply)).toEqual(chunks);
  });

  it("answers with the opening when the trainee has not spoken, and refuses an aborted call", async () => {
    expect((await embeddedCoach.reply(scenario(), []).end).text).toBe(data.opening);
    const controller = new AbortController();
    controller.abort(new Error("gone"));
    await expect(embeddedCoach.reply(scenario(), [{ role: "trainee", text: "Hi" }], { signal: controller.signal }).end).rejects.toThrow("gone");
  });
});
