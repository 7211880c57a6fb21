// The trainee dashboard's charts card: titles and figures at once, the charts (recharts, the
// page's heaviest code) only once the card comes near the screen — placeholders of the charts'
// height until then, so nothing moves.
import { afterEach, describe, expect, it, vi } from "vitest";
import { act, screen, waitFor } from "@testing-library/react";
import { TraineeDashboard } from "../../client/features/dashboard/trainee-dashboard.tsx";
import { paths } from "../../client/lib/paths.ts";
import { stubTrpc, type Output } from "./trpc-stub.ts";
import { renderPage } from "./render-page.tsx";

type Progress = Output<"progress.get">;
const at = new Date("2026-12-01T10:00:00Z");
const progress: Progress = {
  points: 120,
  level: "elementary",
  totalTimeSpent: 3600,
  modulesCompleted: 2,
  currentStreak: 2,
  longestStreak: 3,
  lastActivityDate: "2026-12-01",
  overallProgress: 30,
  certificateProgress: 40,
  timezone: "UTC",
  nextLevel: { name: "intermediate", pointsNeeded: 80 } as Progress["nextLevel"],
  badges: [],
  week: [],
  certificate: { met: false, missing: ["Two more sessions"] } as unknown as Progress["certificate"],
  recent: [],
  skillTrend: [
    { sessionId: "s1", at, overallScore: 60, scores: {} },
    { sessionId: "s2", at, overallScore: 70, scores: {} },
  ],
  skills: [
    { skill: "clarity", score: 70 },
    { skill: "empathy", score: 60 },
    { skill: "grammar", score: 80 },
  ],
  assessmentScores: [],
  continue: null,
  recommended: null,
};

/** An IntersectionObserver the test drives: `enter()` reports every observed element on screen. */
function stubIntersectionObserver() {
  const observers: { cb: IntersectionObserverCallback; els: Element[] }[] = [];
  class FakeObserver {
    private entry: { cb: IntersectionObserverCallback; els: Element[] };
    constructor(cb: IntersectionObserverCallback) {
      this.entry = { cb, els: [] };
      observers.push(this.entry);
    }
    observe(el: Element) {
      this.entry.els.push(el);
    }
    disconnect() {
      this.entry.els = [];
    }
    unobserve() {}
    takeRecords() {
      return [];
    }
  }
  vi.stubGlobal("IntersectionObserver", FakeObserver);
  return {
    enter: () => {
      for (const o of observers) {
        if (o.els.length) o.cb(o.els.map((target) => ({ target, isIntersecting: true }) as IntersectionObserverEntry), {} as IntersectionObserver);
      }
    },
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("trainee dashboard charts", () => {
  it("renders titles and figures at once, the charts only once the card is near the screen", async () => {
    const io = stubIntersectionObserver();
    stubTrpc({ "progress.get": progress });
    const { container } = renderPage(<TraineeDashboard />, { url: paths.dashboard, path: paths.dashboard });
    expect(await screen.findByText("Score trend")).toBeInTheDocument();
    expect(screen.getByText("Skills (average of your last 5 sessions)")).toBeInTheDocument();
    const charts = () => container.querySelectorAll(".recharts-responsive-container, .recharts-wrapper");
    const placeholders = () => screen.getByText("Score trend").closest(".mantine-Stack-root")!.parentElement!.querySelectorAll(".mantine-Skeleton-root");
    // Placeholders for off-screen charts (not the chunk's loading state): nothing was asked for yet.
    expect(screen.getAllByTestId("chart-deferred")).toHaveLength(2);
    expect(placeholders()).toHaveLength(2);
    expect(charts()).toHaveLength(0);
    act(() => io.enter());
    await waitFor(() => expect(charts().length).toBeGreaterThan(0), { timeout: 15_000 });
    expect(placeholders()).toHaveLength(0);
    expect(screen.queryByTestId("chart-deferred")).not.toBeInTheDocument();
  });
});
