import { describe, expect, it } from "vitest";
import { containsPhrase, goalsCoveredBy, matchGoals, phraseSpan, sentencesOf } from "../../server/services/language/goals.ts";

const goals = [
  { id: "negotiate", phrases: ["negotiate a contract"] },
  { id: "process", phrases: ["improve the process", "streamline"] },
  { id: "salary", phrases: ["salary expectations"] },
];

describe("goal matching", () => {
  it("is insensitive to inflection, case and punctuation", () => {
    expect(goalsCoveredBy(goals, "I NEGOTIATED the contract!!!")).toEqual(["negotiate"]);
    expect(goalsCoveredBy(goals, "we are negotiating contracts, mostly")).toEqual(["negotiate"]);
    expect(goalsCoveredBy(goals, "I streamlined onboarding.")).toEqual(["process"]);
  });

  it("allows a few words between phrase words but keeps their order", () => {
    expect(goalsCoveredBy(goals, "We improved our whole process.")).toEqual(["process"]);
    expect(goalsCoveredBy(goals, "The process was improved.")).toEqual([]);
    expect(goalsCoveredBy(goals, "I want to improve how, after many long weeks of work, the team runs its process")).toEqual([]);
  });

  it("matches within one sentence, not across sentences", () => {
    expect(goalsCoveredBy(goals, "My salary. Expectations are high.")).toEqual([]);
    expect(goalsCoveredBy(goals, "My salary expectations are modest.")).toEqual(["salary"]);
  });

  it("reports the first message and sentence that covered each goal", () => {
    const hits = matchGoals(goals, ["Hello.", "Thanks. I negotiated the big contract last year.", "I negotiated again."]);
    expect(hits.get("negotiate")).toEqual({
      goalId: "negotiate",
      phrase: "negotiate a contract",
      sentence: "I negotiated the big contract last year.",
      messageIndex: 1,
    });
    expect(hits.has("salary")).toBe(false);
  });

  it("splits sentences and lemmatises words", () => {
    expect(sentencesOf("She negotiated. They were happy!").map((s) => s.words)).toEqual([
      ["she", "negotiate"],
      ["they", "be", "happy"],
    ]);
    expect(containsPhrase(["a", "b"], [])).toBe(false);
  });
});

describe("negation and spans", () => {
  it("does not match across a negation in a gap", () => {
    const g = [{ id: "know", phrases: ["I know"] }, { id: "offer", phrases: ["I can offer"] }];
    expect(goalsCoveredBy(g, "I don't know, maybe.")).toEqual([]);
    expect(goalsCoveredBy(g, "I can't offer much.")).toEqual([]);
    expect(goalsCoveredBy(g, "I really know it. I can also offer a refund.")).toEqual(["know", "offer"]);
  });

  it("gives the trainee's own words where a phrase matched", () => {
    expect(phraseSpan("Would you consider a Signing Bonuses instead?", "signing bonus")?.text).toBe("Signing Bonuses");
    expect(phraseSpan("We improved our whole process.", "improve the process")?.text).toBe("improved our whole process");
    expect(phraseSpan("Nothing here.", "signing bonus")).toBeNull();
  });
});
