// The studio's statistics page: figures, rating and score charts with their numbers as text,
// item analysis per question, goal coverage for scenarios, and empty states.
import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import { ContentStatsPage } from "../../client/features/studio/content-stats-page.tsx";
import { CurrentUserContext, type Me } from "../../client/lib/auth.ts";
import { paths, studioStatsPath } from "../../client/lib/paths.ts";
import { fail, stubTrpc, type Output } from "./trpc-stub.ts";
import { renderPage } from "./render-page.tsx";

const ME: Me = { id: "u-ins", email: "ins@example.com", role: "INSTRUCTOR", status: "ACTIVE", emailVerified: new Date(), name: "Ivy", hasPassword: true, adminLevel: null };
type Stats = Output<"content.stats">;
const base: Stats = {
  id: "c1",
  type: "ASSESSMENT",
  title: "Grammar check",
  views: 12,
  completions: 0,
  averageScore: null,
  scoreDistribution: ["0–19", "20–39", "40–59", "60–79", "80–100"].map((range) => ({ range, count: 0 })),
  rating: 0,
  ratingCount: 0,
  ratingDistribution: [1, 2, 3, 4, 5].map((stars) => ({ stars, count: 0 })),
  questions: [{ id: "q1", prompt: "Pick the verb", attempts: 0, correctShare: 0 }],
  goals: [],
};

const show = (me: Me = ME) =>
  renderPage(
    <CurrentUserContext value={me}>
      <ContentStatsPage />
    </CurrentUserContext>,
    { url: studioStatsPath("c1"), path: paths.studioStats },
  );

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("content statistics page", () => {
  it("shows empty states when nothing happened yet", async () => {
    stubTrpc({ "content.stats": base });
    show();
    expect(await screen.findByRole("heading", { level: 1, name: "Grammar check" })).toBeTruthy();
    expect(screen.getByText("12")).toBeTruthy();
    expect(screen.getByText("No ratings yet. Trainees can rate an item once they have finished it.")).toBeTruthy();
    expect(screen.getByText("No scored attempts yet.")).toBeTruthy();
    expect(screen.getByText("No answered attempts yet.")).toBeTruthy();
  });

  it("shows the figures, the distributions as text and the share right per question", async () => {
    stubTrpc({
      "content.stats": {
        ...base,
        completions: 4,
        averageScore: 62.5,
        scoreDistribution: base.scoreDistribution.map((b, i) => ({ ...b, count: i === 3 ? 3 : i === 1 ? 1 : 0 })),
        rating: 4.5,
        ratingCount: 2,
        ratingDistribution: base.ratingDistribution.map((d) => ({ ...d, count: d.stars >= 4 ? 1 : 0 })),
        questions: [
          { id: "q1", prompt: "Pick the verb", attempts: 4, correctShare: 0.25 },
          { id: "q2", prompt: "Choose the tense", attempts: 0, correctShare: 0 },
        ],
      },
    });
    show();
    expect(await screen.findByText("63%")).toBeTruthy();
    expect(screen.getByText("4.5 ★")).toBeTruthy();
    expect(screen.getByText("1 star: 0 · 2 stars: 0 · 3 stars: 0 · 4 stars: 1 · 5 stars: 1")).toBeTruthy();
    expect(screen.getByText("0–19%: 0 · 20–39%: 1 · 40–59%: 0 · 60–79%: 3 · 80–100%: 0")).toBeTruthy();
    const rows = within(screen.getByRole("table")).getAllByRole("row").slice(1);
    expect(rows.map((r) => r.textContent)).toEqual(["Pick the verb425%", "Choose the tense0not reached yet"]);
  });

  it("shows goal coverage for a scenario", async () => {
    stubTrpc({
      "content.stats": { ...base, type: "CHAT_SCENARIO", questions: [], completions: 2, goals: [{ id: "g1", description: "Explain your motivation", attempts: 2, coveredShare: 0.5 }] },
    });
    show();
    expect(await screen.findByRole("heading", { name: "Goals covered" })).toBeTruthy();
    expect(screen.getByRole("row", { name: /Explain your motivation/ }).textContent).toBe("Explain your motivation250%");
    expect(screen.queryByRole("heading", { name: "Item analysis" })).toBeNull();
  });

  it("says so when the item is not the instructor's, and to other roles", async () => {
    stubTrpc({ "content.stats": fail({ code: "NOT_FOUND", message: "This content does not exist or is not yours." }) });
    const { unmount } = show();
    expect(await screen.findByText("This content does not exist or is not yours.")).toBeTruthy();
    unmount();
    show({ ...ME, role: "TRAINEE" });
    expect(screen.getByRole("heading", { name: "Statistics are for instructors" })).toBeTruthy();
  });
});
