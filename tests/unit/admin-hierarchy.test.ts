// The admin hierarchy as the UI applies it (the server decides it again in the statement that
// locks the target; tests/integration/admin.test.ts checks that side with the same table).
import { describe, expect, it } from "vitest";
import { adminMayActOn } from "../../shared/access.ts";

describe("adminMayActOn", () => {
  it("follows the hierarchy: not a higher admin; any admin's status needs level 3", () => {
    const targets = { trainee: { role: "TRAINEE", adminLevel: null }, admin1: { role: "ADMIN", adminLevel: 1 }, admin2: { role: "ADMIN", adminLevel: 2 }, admin3: { role: "ADMIN", adminLevel: 3 } } as const;
    // actor level → target → [status actions, other actions]
    const expected: Record<number, Record<keyof typeof targets, [boolean, boolean]>> = {
      1: { trainee: [true, true], admin1: [false, true], admin2: [false, false], admin3: [false, false] },
      2: { trainee: [true, true], admin1: [false, true], admin2: [false, true], admin3: [false, false] },
      3: { trainee: [true, true], admin1: [true, true], admin2: [true, true], admin3: [true, true] },
    };
    for (const level of [1, 2, 3]) {
      for (const [name, target] of Object.entries(targets) as [keyof typeof targets, (typeof targets)[keyof typeof targets]][]) {
        expect([adminMayActOn(level, target, "status"), adminMayActOn(level, target, "other")], `level ${level} on ${name}`).toEqual(expected[level]![name]);
      }
    }
    expect(adminMayActOn(null, targets.admin1, "other")).toBe(false);
  });
});
