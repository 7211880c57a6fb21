// Companies' interest, in the browser's shoes: the InterestPanel (quota left beside the
// button, mark → withdraw, QUOTA_EXCEEDED shows the reset date), the company's shortlist
// (contact only for accepted, empty state, "Show more") and the trainee's /interests page
// (Accept / Decline / Stop sharing, who viewed my profile, empty states).
import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { InterestsPage } from "../../client/features/candidate/interests-page.tsx";
import { InterestPanel } from "../../client/features/company/interest-panel.tsx";
import { ShortlistPage } from "../../client/features/company/shortlist-page.tsx";
import { paths } from "../../client/lib/paths.ts";
import { fail, inputsOf, stubTrpc, type Output } from "./trpc-stub.ts";
import { renderPage } from "./render-page.tsx";

const RESETS = new Date("2027-01-01T00:00:00Z");

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("InterestPanel", () => {
  it("shows the marks left beside the button, marks interest, then offers to withdraw (no refund)", async () => {
    let used = 3;
    let interested = false;
    const calls = stubTrpc({
      "company.quota": () => ({ used, limit: 10, resetsAt: RESETS }),
      "company.candidates.interest": (input) => {
        interested = input!.interested;
        if (input!.interested) used += 1;
        return { candidateId: input!.candidateId, interested, charged: input!.interested, quota: { used, limit: 10, resetsAt: RESETS } };
      },
      "company.candidates.shortlist": { items: [], nextCursor: null },
    });
    const user = userEvent.setup();
    renderPage(<InterestPanel candidateId="cand-1" interested={false} />, { url: "/c", path: "/c" });
    expect(await screen.findByText("7 of 10 left this month, resets 1 January")).toBeInTheDocument();
    const mark = screen.getByRole("button", { name: "Mark interest" });
    expect(mark).toHaveAccessibleDescription("7 of 10 left this month, resets 1 January");
    await user.click(mark);
    expect(await screen.findByText("Interest marked")).toBeInTheDocument();
    expect(inputsOf(calls, "company.candidates.interest")).toEqual([{ candidateId: "cand-1", interested: true }]);
    expect(screen.getByText("6 of 10 left this month, resets 1 January")).toBeInTheDocument();
    expect(screen.getByText(/Withdrawing does not give the mark back/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Withdraw interest" }));
    expect(await screen.findByRole("button", { name: "Mark interest" })).toBeInTheDocument();
    expect(inputsOf(calls, "company.candidates.interest")).toEqual([
      { candidateId: "cand-1", interested: true },
      { candidateId: "cand-1", interested: false },
    ]);
    expect(screen.getByText("6 of 10 left this month, resets 1 January")).toBeInTheDocument();
  });

  it("says when the month's marks are used up, with the server's reset date", async () => {
    stubTrpc({
      "company.quota": { used: 10, limit: 10, resetsAt: RESETS },
      "company.candidates.interest": fail({ code: "FORBIDDEN", appCode: "QUOTA_EXCEEDED", message: "You have used all 10 interest marks for December. Your quota resets on 1 January 2027.", resetsAt: RESETS.toISOString() }),
    });
    const user = userEvent.setup();
    renderPage(<InterestPanel candidateId="cand-2" interested={false} />, { url: "/c", path: "/c" });
    expect(await screen.findByText("0 of 10 left this month, resets 1 January")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Mark interest" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("No interest marks left this month");
    expect(alert).toHaveTextContent("Your quota resets on 1 January 2027.");
    expect(screen.queryByText("Interest marked")).not.toBeInTheDocument();
  });
});

type Shortlist = Output<"company.candidates.shortlist">;
const candidate = (n: number, over: Partial<Shortlist["items"][number]> = {}): Shortlist["items"][number] => ({
  candidateId: `cand-${n}`,
  name: `Tara ${n}`,
  headline: "Support lead",
  location: "Leeds",
  avatar: null,
  skills: ["support"],
  interestedAt: new Date("2026-12-01T10:00:00Z"),
  response: "pending",
  respondedAt: null,
  contact: null,
  ...over,
});

describe("shortlist page", () => {
  it("shows each answer, contact details only for accepted candidates, and pages on", async () => {
    const calls = stubTrpc({
      "company.quota": { used: 2, limit: 10, resetsAt: RESETS },
      "company.candidates.shortlist": (input) =>
        input?.cursor
          ? { items: [candidate(3, { response: "declined", respondedAt: new Date("2026-12-02T10:00:00Z") })], nextCursor: null }
          : {
              items: [candidate(1), candidate(2, { response: "accepted", respondedAt: new Date("2026-12-02T10:00:00Z"), contact: { email: "tara2@example.com", phone: "+44 7000 000002" } })],
              nextCursor: "next-page",
            },
    });
    const user = userEvent.setup();
    renderPage(<ShortlistPage />, { url: paths.companyShortlist, path: paths.companyShortlist });
    const pending = await screen.findByRole("article", { name: "Tara 1" });
    expect(within(pending).getByText("Waiting for an answer")).toBeInTheDocument();
    expect(within(pending).queryByText(/@/)).not.toBeInTheDocument();
    expect(within(pending).getByText(/Contact details appear here if the candidate accepts/)).toBeInTheDocument();
    const accepted = screen.getByRole("article", { name: "Tara 2" });
    expect(within(accepted).getByText("Accepted")).toBeInTheDocument();
    expect(within(accepted).getByRole("link", { name: "tara2@example.com" })).toHaveAttribute("href", "mailto:tara2@example.com");
    expect(within(accepted).getByRole("link", { name: "+44 7000 000002" })).toHaveAttribute("href", "tel:+447000000002");
    expect(within(accepted).getByRole("link", { name: "Tara 2" })).toHaveAttribute("href", "/company/candidates/cand-2");
    expect(screen.getByText("8 of 10 left this month, resets 1 January")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Show more" }));
    const declined = await screen.findByRole("article", { name: "Tara 3" });
    expect(within(declined).getByText("Declined")).toBeInTheDocument();
    expect(within(declined).getByText("This candidate chose not to share their contact details.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Show more" })).not.toBeInTheDocument();
    expect(inputsOf(calls, "company.candidates.shortlist").map((i) => i?.cursor ?? null)).toEqual([null, "next-page"]);
  });

  it("has an empty state that leads to the search", async () => {
    stubTrpc({ "company.quota": { used: 0, limit: 10, resetsAt: RESETS }, "company.candidates.shortlist": { items: [], nextCursor: null } });
    renderPage(<ShortlistPage />, { url: paths.companyShortlist, path: paths.companyShortlist });
    expect(await screen.findByText("No one on your shortlist yet")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Search candidates" })).toHaveAttribute("href", paths.companySearch);
  });
});

type Interest = Output<"candidate.interests.list">[number];
const ACME: Interest = {
  companyUserId: "co-1",
  name: "Acme Ltd",
  logo: null,
  industry: "Software",
  website: "https://acme.example",
  interestedAt: new Date("2026-12-01T10:00:00Z"),
  response: "pending",
  respondedAt: null,
};

describe("trainee interests page", () => {
  it("accepts a company's interest, then offers to stop sharing; lists who viewed the profile", async () => {
    let response: Interest["response"] = "pending";
    const calls = stubTrpc({
      "candidate.interests.list": () => [{ ...ACME, response }, { ...ACME, companyUserId: "co-2", name: "Globex", website: "javascript:alert(1)" }],
      "candidate.interests.respond": (input) => {
        if (input!.companyUserId === "co-1") response = input!.accept ? "accepted" : "declined";
        return { companyUserId: input!.companyUserId, response: input!.accept ? "accepted" : "declined", respondedAt: new Date() };
      },
      "candidate.viewers": [{ companyUserId: "co-3", name: "Initech", logo: null, industry: "Finance", website: null, viewedAt: new Date("2026-12-03T10:00:00Z") }],
    });
    const user = userEvent.setup();
    renderPage(<InterestsPage />, { url: paths.candidateInterests, path: paths.candidateInterests });
    const acme = await screen.findByRole("article", { name: "Acme Ltd" });
    expect(within(acme).getByText("Not answered")).toBeInTheDocument();
    expect(within(acme).getByRole("link", { name: "acme.example" })).toHaveAttribute("href", "https://acme.example");
    // A website that is not an http(s) address is not made a link.
    const globex = screen.getByRole("article", { name: "Globex" });
    expect(within(globex).queryByRole("link")).not.toBeInTheDocument();
    const accept = within(acme).getByRole("button", { name: "Accept" });
    expect(accept).toHaveAccessibleDescription("Accepting shares your email address and phone number with Acme Ltd only.");
    await user.click(accept);
    await waitFor(() => expect(within(screen.getByRole("article", { name: "Acme Ltd" })).getByText("Accepted: contact shared")).toBeInTheDocument());
    expect(inputsOf(calls, "candidate.interests.respond")).toEqual([{ companyUserId: "co-1", accept: true }]);
    const acmeNow = screen.getByRole("article", { name: "Acme Ltd" });
    expect(within(acmeNow).queryByRole("button", { name: "Accept" })).not.toBeInTheDocument();
    await user.click(within(acmeNow).getByRole("button", { name: "Stop sharing" }));
    await waitFor(() => expect(within(screen.getByRole("article", { name: "Acme Ltd" })).getByText("Declined")).toBeInTheDocument());
    expect(inputsOf(calls, "candidate.interests.respond")).toEqual([
      { companyUserId: "co-1", accept: true },
      { companyUserId: "co-1", accept: false },
    ]);
    const viewers = screen.getByRole("region", { name: "Who viewed your profile" });
    expect(within(viewers).getByText("Initech")).toBeInTheDocument();
    expect(within(viewers).getByText("Finance")).toBeInTheDocument();
  });

  it("shows an answer that could not be saved, and the empty states", async () => {
    stubTrpc({
      "candidate.interests.list": [ACME],
      "candidate.interests.respond": fail({ code: "NOT_FOUND", message: "This company's interest is no longer there." }),
      "candidate.viewers": [],
    });
    const user = userEvent.setup();
    renderPage(<InterestsPage />, { url: paths.candidateInterests, path: paths.candidateInterests });
    await user.click(await screen.findByRole("button", { name: "Decline" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("This company's interest is no longer there.");
    expect(screen.getByText("No company has viewed your profile yet")).toBeInTheDocument();
  });

  it("explains how to be found when no company has marked interest", async () => {
    stubTrpc({ "candidate.interests.list": [], "candidate.viewers": [] });
    renderPage(<InterestsPage />, { url: paths.candidateInterests, path: paths.candidateInterests });
    expect(await screen.findByText("No company has marked interest yet")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Choose what companies see" })).toHaveAttribute("href", paths.settingsCandidate);
  });
});
