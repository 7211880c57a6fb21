// The starter library (prisma/library/<type-folder>/<slug>.json): every file is
// { key, version, item } and `item` passes the same ContentInput schema the API uses. Also
// checks the counts and spread the product asks of a fresh install, and that every scenario
// is usable by the embedded coach (each goal is asked for by a step, each such step has a
// follow-up, each goal has enough evidence phrases).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ContentInput, DIFFICULTIES, type ContentInput as ContentInputT } from "../../shared/schemas/content.ts";

const LIBRARY = path.resolve(import.meta.dirname, "../../prisma/library");
const FOLDERS: Record<string, ContentInputT["type"]> = {
  "chat-scenarios": "CHAT_SCENARIO",
  "call-scenarios": "CALL_SCENARIO",
  assessments: "ASSESSMENT",
  lessons: "LESSON",
  exercises: "EXERCISE",
};

type Entry = { file: string; folder: string; key: string; version: number; item: ContentInputT };

function readLibrary(): { entries: Entry[]; problems: string[] } {
  const entries: Entry[] = [];
  const problems: string[] = [];
  for (const folder of fs.readdirSync(LIBRARY, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    for (const name of fs.readdirSync(path.join(LIBRARY, folder.name)).sort()) {
      const file = `${folder.name}/${name}`;
      if (!name.endsWith(".json")) {
        problems.push(`${file}: not a .json file`);
        continue;
      }
      let raw: unknown;
      try {
        raw = JSON.parse(fs.readFileSync(path.join(LIBRARY, file), "utf8"));
      } catch (e) {
        problems.push(`${file}: invalid JSON (${(e as Error).message})`);
        continue;
      }
      const { key, version, item, ...rest } = raw as Record<string, unknown>;
      if (Object.keys(rest).length) problems.push(`${file}: unexpected fields ${Object.keys(rest).join(", ")}`);
      if (typeof key !== "string" || !/^[a-z0-9-]{1,80}$/.test(key)) problems.push(`${file}: key must be a lowercase slug`);
      if (!Number.isInteger(version) || (version as number) < 1) problems.push(`${file}: version must be an integer ≥ 1`);
      const parsed = ContentInput.safeParse(item);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) problems.push(`${file}: item.${issue.path.join(".")}: ${issue.message}`);
        continue;
      }
      entries.push({ file, folder: folder.name, key: key as string, version: version as number, item: parsed.data });
    }
  }
  return { entries, problems };
}

const { entries, problems } = readLibrary();
const ofType = <T extends ContentInputT["type"]>(t: T) =>
  entries.filter((e) => e.item.type === t) as (Entry & { item: Extract<ContentInputT, { type: T }> })[];
const scenarios = [...ofType("CHAT_SCENARIO"), ...ofType("CALL_SCENARIO")];

describe("starter library", () => {
  it("every file is valid JSON of { key, version, item } and item passes ContentInput", () => {
    expect(problems).toEqual([]);
    expect(entries.length).toBeGreaterThan(0);
  });

  it("each file sits in the folder of its type, and its name is its key", () => {
    for (const e of entries) {
      expect(FOLDERS[e.folder], e.file).toBe(e.item.type);
      expect(path.basename(e.file, ".json"), e.file).toBe(e.key);
    }
  });

  it("keys are unique across the library", () => {
    const keys = entries.map((e) => e.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("has the required counts", () => {
    expect(ofType("CHAT_SCENARIO").length).toBeGreaterThanOrEqual(8);
    expect(ofType("CALL_SCENARIO").length).toBeGreaterThanOrEqual(4);
    expect(ofType("ASSESSMENT").length).toBeGreaterThanOrEqual(4);
    expect(ofType("LESSON").length).toBeGreaterThanOrEqual(6);
    expect(ofType("EXERCISE").length).toBeGreaterThanOrEqual(4);
  });

  it("covers all three difficulties among the scenarios and in the whole library", () => {
    expect(new Set(scenarios.map((e) => e.item.difficulty))).toEqual(new Set(DIFFICULTIES));
    expect(new Set(entries.map((e) => e.item.difficulty))).toEqual(new Set(DIFFICULTIES));
  });

  it("spreads over several categories", () => {
    expect(new Set(entries.map((e) => e.item.category)).size).toBeGreaterThanOrEqual(6);
  });

  describe("scenarios work with the embedded coach", () => {
    it.each(scenarios.map((e) => [e.key, e] as const))("%s", (_key, e) => {
      const d = e.item.data;
      expect(d.steps.length, "3–7 steps").toBeGreaterThanOrEqual(3);
      expect(d.steps.length, "3–7 steps").toBeLessThanOrEqual(7);
      for (const step of d.steps) {
        if (step.expects?.length) expect(step.followUp, `step ${step.id} expects goals but has no followUp`).toBeTruthy();
      }
      const expected = new Set(d.steps.flatMap((s) => s.expects ?? []));
      for (const goal of d.goals) {
        expect(expected.has(goal.id), `goal ${goal.id} is expected by no step`).toBe(true);
        expect(goal.phrases.length, `goal ${goal.id} has fewer than 5 phrases`).toBeGreaterThanOrEqual(5);
        for (const p of goal.phrases) expect(p.trim().split(/\s+/).length, `phrase “${p}” is a cue, not a sentence`).toBeLessThanOrEqual(5);
        const lower = goal.phrases.map((p) => p.toLowerCase());
        expect(new Set(lower).size, `goal ${goal.id} repeats a phrase`).toBe(lower.length);
      }
      expect(d.persona.tone).toBeDefined();
      if (e.item.type === "CALL_SCENARIO") {
        expect(e.item.data.voice?.lang).toBeTruthy();
        expect(e.item.data.targetWpm).toBeDefined();
      }
    });
  });

  describe("assessments", () => {
    const assessments = ofType("ASSESSMENT");
    const byType = (t: string) => assessments.filter((a) => a.item.data.assessmentType === t);
    const questionCount = (a: Entry & { item: Extract<ContentInputT, { type: "ASSESSMENT" }> }) =>
      a.item.data.sections.reduce((n, s) => n + s.questions.length, 0);

    it.each(["grammar", "vocabulary", "reading", "listening"])("has a %s assessment of at least 15 questions", (t) => {
      const found = byType(t);
      expect(found.length).toBeGreaterThanOrEqual(1);
      for (const a of found) expect(questionCount(a), a.key).toBeGreaterThanOrEqual(15);
    });

    it("every reading section has a passage and every listening section a script", () => {
      for (const a of byType("reading")) for (const s of a.item.data.sections) expect(s.passage, `${a.key}: ${s.title}`).toBeTruthy();
      for (const a of byType("listening")) for (const s of a.item.data.sections) expect(s.listeningScript, `${a.key}: ${s.title}`).toBeTruthy();
    });

    it("every question has an explanation and order/text questions are answerable", () => {
      for (const a of assessments) {
        for (const q of a.item.data.sections.flatMap((s) => s.questions)) {
          expect(q.explanation, `${a.key}: ${q.id}`).toBeTruthy();
        }
      }
    });
  });

  it("lessons have substantial bodies, objectives and a short quiz", () => {
    for (const l of ofType("LESSON")) {
      const words = l.item.data.body.split(/\s+/).filter(Boolean).length;
      expect(words, `${l.key} body words`).toBeGreaterThanOrEqual(400);
      expect(words, `${l.key} body words`).toBeLessThanOrEqual(1300);
      expect(l.item.data.objectives.length, l.key).toBeGreaterThanOrEqual(2);
      expect(l.item.data.quiz?.length ?? 0, `${l.key} quiz`).toBeGreaterThanOrEqual(3);
      expect(l.item.data.quiz?.length ?? 0, `${l.key} quiz`).toBeLessThanOrEqual(5);
    }
  });

  it("exercises mix fill and rewrite items, and rewrite items carry checks", () => {
    const kinds = new Set(ofType("EXERCISE").flatMap((e) => e.item.data.items.map((i) => i.kind)));
    expect(kinds).toEqual(new Set(["fill", "rewrite"]));
    for (const e of ofType("EXERCISE")) {
      for (const item of e.item.data.items) {
        if (item.kind === "rewrite") {
          expect(Boolean(item.mustInclude?.length || item.avoid?.length || item.maxWords), `${e.key}: ${item.id} has no check`).toBe(true);
        }
        expect(item.explanation, `${e.key}: ${item.id}`).toBeTruthy();
      }
    }
  });
});
