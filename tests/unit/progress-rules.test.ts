// The pure progress rules (issue 10): points, levels, local days across DST, and a property
// test that storing the state after every activity (as user_progress does: badges as strings,
// the day as a date) and continuing from it equals folding all activities at once.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyFact, dateToDay, dayIn, dayToDate, decodeBadges, emptyState, encodeBadges, levelFor, nextLevel, pointsFor, streakOn, type Fact, type ProgressState } from "../../server/services/progress/rules.ts";

describe("progress rules", () => {
  it("scores activities by the documented table", () => {
    const at = new Date(0);
    expect(pointsFor({ kind: "practice", sessionType: "CHAT", score: 76, durationSeconds: 0, skills: [], at })).toBe(18);
    expect(pointsFor({ kind: "assessment", score: 85, passed: true, durationSeconds: 0, at })).toBe(29);
    expect(pointsFor({ kind: "assessment", score: 44, passed: false, durationSeconds: 0, at })).toBe(14);
    expect(pointsFor({ kind: "lesson", first: true, at })).toBe(5);
    expect(pointsFor({ kind: "exercise", first: false, at })).toBe(0);
  });

  it("maps points to levels and the next level", () => {
    expect([0, 99, 100, 299, 300, 699, 700, 1499, 1500].map(levelFor)).toEqual(["beginner", "beginner", "elementary", "elementary", "intermediate", "intermediate", "upper-intermediate", "upper-intermediate", "advanced"]);
    expect(nextLevel(250)).toEqual({ name: "intermediate", pointsNeeded: 50 });
    expect(nextLevel(1500)).toBeNull();
  });

  it("takes the calendar day in the trainee's zone, across DST changes", () => {
    expect(dayIn(new Date("2026-03-01T14:30:00Z"), "Asia/Tokyo")).toBe("2026-03-01");
    expect(dayIn(new Date("2026-03-01T15:30:00Z"), "Asia/Tokyo")).toBe("2026-03-02");
    expect(dayIn(new Date("2026-03-09T03:30:00Z"), "America/New_York")).toBe("2026-03-08"); // 23:30 EDT on the short day
    expect(dayIn(new Date("2026-11-02T04:30:00Z"), "America/New_York")).toBe("2026-11-01"); // 23:30 EST on the long day
    const tz = "America/New_York";
    let s = emptyState();
    for (const at of ["2026-03-08T04:30:00Z", "2026-03-09T03:30:00Z", "2026-03-10T03:30:00Z"]) s = applyFact(s, { kind: "lesson", first: false, at: new Date(at) }, tz);
    expect(s.currentStreak).toBe(3);
    expect(streakOn(s, new Date("2026-03-11T03:59:00Z"), tz)).toBe(3);
    expect(streakOn(s, new Date("2026-03-11T04:01:00Z"), tz)).toBe(0);
  });

  it("property: continuing from the stored state after each activity equals folding them all", () => {
    const zones = ["UTC", "Asia/Tokyo", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Pacific/Chatham", "Asia/Kolkata"];
    const fact = fc.oneof(
      fc.record({ kind: fc.constant("practice" as const), sessionType: fc.constantFrom("CHAT" as const, "CALL" as const), score: fc.integer({ min: 0, max: 100 }), durationSeconds: fc.nat(7200), skills: fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 7 }) }),
      fc.record({ kind: fc.constant("assessment" as const), score: fc.integer({ min: 0, max: 100 }), passed: fc.boolean(), durationSeconds: fc.nat(7200) }),
      fc.record({ kind: fc.constantFrom("lesson" as const, "exercise" as const), first: fc.boolean() }),
    );
    const gap = fc.oneof(fc.integer({ min: 1, max: 30 * 3600 }), fc.integer({ min: 1, max: 90 * 86_400 }));
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 0, 1) }), fc.array(fc.tuple(fact, gap), { maxLength: 60 }), (tz, start, steps) => {
        let t = start;
        const facts: Fact[] = steps.map(([f, g]) => ({ ...f, at: new Date((t += g * 1000)) }) as Fact);
        const all = facts.reduce((s, f) => applyFact(s, f, tz), emptyState());
        let row: ProgressState = emptyState();
        for (const f of facts) {
          const next = applyFact(row, f, tz);
          // What user_progress keeps, read back.
          row = { ...next, lastDay: dateToDay(dayToDate(next.lastDay)), badges: decodeBadges(encodeBadges(next.badges)) };
        }
        expect(row).toEqual(all);
        expect(all.longestStreak).toBeGreaterThanOrEqual(all.currentStreak);
      }),
      { numRuns: 300, seed: 20261205 },
    );
  });
});
