// Company candidate search page (issue 11): the URL's filters go into the request, ticking a
// facet writes it to the URL and searches again, "Load more" sends the server's cursor and
// appends; the candidate page's notes save themselves once typing pauses, with an indicator.
import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { CandidatePage } from "../../client/features/company/candidate-page.tsx";
import { CandidateSearchPage, searchInputFromParams } from "../../client/features/company/candidate-search-page.tsx";
import { companyCandidatePath, paths } from "../../client/lib/paths.ts";
import { inputsOf, stubTrpc, type Output } from "./trpc-stub.ts";
import { renderPage } from "./render-page.tsx";

type Item = Output<"company.candidates.search">["items"][number];

const item = (n: number, extra: Partial<Item> = {}): Item => ({
  candidateId: `c-${n}`,
  name: `Candidate ${n}`,
  avatar: null,
  headline: `Headline ${n}`,
  location: "Berlin",
  languages: ["en"],
  skills: ["sales"],
  openTo: [],
  level: "intermediate",
  overallScore: 80 - n,
  skillScores: { fluency: 80, grammar: 75, vocabulary: null, clarity: null, professionalism: null, taskCompletion: null, pace: null },
  evaluationCount: 3,
  assessments: { grammar: 90 },
  certificate: n === 1 ? { code: "HXP-ABCD-EFGH-JKLM", status: "valid" } : null,
  lastActiveAt: new Date("2026-11-30T10:00:00Z"),
  viewed: n === 2,
  viewedAt: n === 2 ? new Date("2026-12-01T10:00:00Z") : null,
  noted: false,
  marked: false,
  ...extra,
});

const facets = { total: 3, exact: true, skills: [{ value: "sales", count: 3 }, { value: "negotiation", count: 1 }], languages: [{ value: "en", count: 3 }, { value: "es", count: 2 }] };

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("candidate search page", () => {
  it("reads the filters from the URL", () => {
    const p = new URLSearchParams("q=sam&skill=sales&skill=negotiation&lang=es&minScore=70&min.grammar=80&certified=yes&sort=score&level=bogus&min.pace=500");
    expect(searchInputFromParams(p)).toEqual({ q: "sam", skills: ["sales", "negotiation"], languages: ["es"], minOverallScore: 70, minSkillScores: { grammar: 80 }, certified: true, sort: "score" });
  });

  it("searches with the URL's filters, shows facet counts, writes a ticked facet to the URL and loads more with the cursor", async () => {
    const calls = stubTrpc({
      "company.candidates.search": (input) =>
        input?.cursor === "next-1" ? { items: [item(3)], nextCursor: null, facets: null } : { items: [item(1), item(2)], nextCursor: "next-1", facets },
    });
    const user = userEvent.setup();
    renderPage(<CandidateSearchPage />, { url: `${paths.companySearch}?skill=sales&minScore=60`, path: paths.companySearch });

    await screen.findByRole("link", { name: "Candidate 1" });
    expect(inputsOf(calls, "company.candidates.search")[0]).toMatchObject({ skills: ["sales"], minOverallScore: 60, limit: 20 });
    expect(screen.getByText("3 candidates")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Candidate 1" })).toHaveAttribute("href", companyCandidatePath("c-1"));
    expect(within(screen.getAllByTestId("candidate-card")[1]!).getByText("Viewed")).toBeInTheDocument();
    // Contact details are not part of a card.
    expect(screen.queryByText(/@/)).not.toBeInTheDocument();

    const languages = screen.getByRole("group", { name: "Languages" });
    expect(within(languages).getByLabelText("2 candidates")).toBeInTheDocument();
    await user.click(within(languages).getByRole("checkbox", { name: /Spanish/ }));
    await waitFor(() => expect(screen.getByLabelText("current location")).toHaveTextContent("lang=es"));
    expect(screen.getByLabelText("current location")).toHaveTextContent("skill=sales");
    await waitFor(() => expect(inputsOf(calls, "company.candidates.search").at(-1)).toMatchObject({ skills: ["sales"], languages: ["es"], minOverallScore: 60 }));

    await screen.findByRole("link", { name: "Candidate 2" });
    await user.click(screen.getByRole("button", { name: "Load more" }));
    await screen.findByRole("link", { name: "Candidate 3" });
    expect(inputsOf(calls, "company.candidates.search").at(-1)!.cursor).toBe("next-1");
    expect(screen.getByRole("link", { name: "Candidate 1" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Load more" })).not.toBeInTheDocument();
  });

  it("says so when nothing matches, and clears the filters", async () => {
    stubTrpc({ "company.candidates.search": { items: [], nextCursor: null, facets: { total: 0, exact: true, skills: [], languages: [] } } });
    const user = userEvent.setup();
    renderPage(<CandidateSearchPage />, { url: `${paths.companySearch}?q=nobody`, path: paths.companySearch });
    expect(await screen.findByText("No candidates match these filters")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(screen.getByLabelText("current location")).toHaveTextContent(new RegExp(`^${paths.companySearch}$`)));
  });
});

describe("candidate page notes", () => {
  it("saves the notes once typing pauses and shows saving, then saved", async () => {
    const calls = stubTrpc({
      "company.candidates.get": {
        candidate: { ...item(1), bio: "Bio", experience: null, education: null, avatar: null, scoresOverTime: [], certificates: [], assessmentResults: [] },
        contact: null,
        view: { viewedAt: new Date(), notes: "", isInterested: false, interestedAt: null, interestResponse: null, respondedAt: null },
      },
      "company.candidates.note": (input) => ({ notes: input!.notes, savedAt: new Date() }),
    });
    const user = userEvent.setup();
    renderPage(<CandidatePage />, { url: companyCandidatePath("c-1"), path: paths.companyCandidate });
    const notes = await screen.findByRole("textbox", { name: /Your notes/ });
    expect(screen.getByText(/shared when the candidate applies/)).toBeInTheDocument();
    await user.type(notes, "Great on calls");
    expect(screen.getByTestId("notes-save-state")).toHaveTextContent("Saving…");
    await waitFor(() => expect(screen.getByTestId("notes-save-state")).toHaveTextContent("Saved"), { timeout: 3000 });
    // One save for the whole burst of typing, with the full text.
    expect(inputsOf(calls, "company.candidates.note")).toEqual([{ candidateId: "c-1", notes: "Great on calls" }]);
  });
});
