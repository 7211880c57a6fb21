// The dashboard of each role, and an instructor's or company's verification status in it:
// pending, verified, rejected (with the reason) and asking again. The server's answers are
// typed from AppRouter, so a changed shape fails to compile here.
import { afterEach, describe, expect, it, vi } from "vitest";
import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { DashboardPage } from "../../client/features/dashboard/dashboard-page.tsx";
import { CurrentUserContext, type Me } from "../../client/lib/auth.ts";
import { paths } from "../../client/lib/paths.ts";
import { fail, inputsOf, stubTrpc, type Output, type StubError } from "./trpc-stub.ts";
import { renderPage } from "./render-page.tsx";
import { profileAnswer } from "./fixtures.ts";

configure({ asyncUtilTimeout: 5000 });

type Profile = Output<"profile.get">;
type Verification = NonNullable<Profile["verification"]>;
type Queue = Output<"admin.verification.list">;

const person = (role: Me["role"], adminLevel: number | null = null): Me => ({
  id: "u1",
  email: "sam@example.com",
  role,
  status: "ACTIVE",
  emailVerified: new Date(),
  name: "Sam Rivera",
  hasPassword: true,
  adminLevel,
});

const profile = (role: Me["role"], verification: Verification | null): Profile => profileAnswer({ role, verification });

const queueItem = (id: string): Queue["items"][number] => ({
  kind: "company",
  createdAt: new Date("2026-11-20T10:00:00Z"),
  companyName: `Co ${id}`,
  companyLogo: null,
  industry: null,
  companySize: null,
  website: null,
  country: null,
  description: null,
  user: { id, email: `${id}@example.com`, status: "ACTIVE", emailVerified: new Date(), createdAt: new Date(), name: null, profile: { name: null } },
});

const pending: Verification = { kind: "instructor", status: "pending", since: new Date("2026-11-28T09:00:00Z"), reason: null };
const verified: Verification = { kind: "company", status: "verified", since: new Date("2026-11-30T09:00:00Z"), reason: null };
const rejected: Verification = { kind: "company", status: "rejected", since: new Date("2026-11-29T09:00:00Z"), reason: "The website does not match the company name" };

function renderDashboard(me: Me) {
  return renderPage(
    <CurrentUserContext value={me}>
      <DashboardPage />
    </CurrentUserContext>,
    { url: paths.dashboard, path: paths.dashboard },
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

/** No card or line anywhere says "coming soon" next to something that works. */
function expectNoComingSoon() {
  expect(screen.queryByText(/coming soon/i)).not.toBeInTheDocument();
}

describe("dashboard per role", () => {
  it("shows a trainee what works now, and announces nothing as coming: it all exists", async () => {
    // profile.get is answered so that only the assertion below, not a missing stub, decides.
    const calls = stubTrpc({ "profile.get": profile("TRAINEE", null) });
    renderDashboard(person("TRAINEE"));
    expect(screen.getByRole("heading", { name: "Welcome, Sam Rivera", level: 1 })).toBeInTheDocument();
    const account = screen.getByRole("region", { name: "Your account" });
    expect(within(account).getByRole("link", { name: "Edit your profile" })).toHaveAttribute("href", paths.settingsProfile);
    expect(within(account).getByRole("link", { name: "Open security settings" })).toHaveAttribute("href", paths.settingsSecurity);
    // The catalogue exists: the dashboard leads to it, and no longer lists it as coming.
    const practice = screen.getByRole("region", { name: "Practice" });
    expect(within(practice).getByRole("link", { name: "Browse practice" })).toHaveAttribute("href", paths.practice);
    expect(within(practice).getByRole("link", { name: "Browse jobs" })).toHaveAttribute("href", paths.jobs);
    // Practice, assessments and certificates all exist: nothing is announced as coming.
    expect(screen.queryByRole("region", { name: "Coming next" })).not.toBeInTheDocument();
    expect(screen.queryByText(/next releases/)).not.toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Verification" })).not.toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Admin console" })).not.toBeInTheDocument();
    expectNoComingSoon();
    // A trainee has nothing to verify: the dashboard does not ask for a verification status.
    expect(calls.map((c) => c.path)).not.toContain("profile.get");
  });

  it("shows an admin (level 1) the console parts they can open, and what needs a higher level", async () => {
    const calls = stubTrpc({ "admin.verification.list": { items: [queueItem("a"), queueItem("b")] } });
    renderDashboard(person("ADMIN", 1));
    const console_ = screen.getByRole("region", { name: "Admin console" });
    expect(within(console_).getByText("Access level 1 (view and verify)")).toBeInTheDocument();
    const links = within(console_).getAllByRole("link");
    expect(links.map((l) => [l.textContent, l.getAttribute("href")])).toEqual([
      ["Open statistics", paths.adminDashboard],
      ["Open users", paths.adminUsers],
      ["Open the queue", paths.adminVerification],
      ["Open the audit log", paths.adminAudit],
    ]);
    const users = within(console_).getByRole("region", { name: "Users" });
    expect(users).toHaveTextContent("You can find and open any account.");
    expect(users).not.toHaveTextContent(/suspend|delete/);
    expect(console_).toHaveTextContent("Suspending, signing out and sending reset links need level 2");
    expect(await within(console_).findByText("2 waiting")).toBeInTheDocument();
    expect(calls.map((c) => c.path)).toContain("admin.verification.list");
    expect(screen.queryByRole("region", { name: "Coming next" })).not.toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Practice" })).not.toBeInTheDocument();
    expectNoComingSoon();
  });

  it("tells a super admin they can also change roles and delete", async () => {
    stubTrpc({ "admin.verification.list": { items: [] } });
    renderDashboard(person("ADMIN", 3));
    const console_ = screen.getByRole("region", { name: "Admin console" });
    expect(within(console_).getByRole("region", { name: "Users" })).toHaveTextContent(
      "You can find and open any account, suspend and reactivate, sign people out everywhere, send password-reset links, change roles and delete accounts.",
    );
    expect(within(console_).getByRole("region", { name: "Statistics" })).toHaveTextContent("refresh the activity numbers on demand");
    expect(await within(console_).findByText("Nobody waiting")).toBeInTheDocument();
    expect(console_).not.toHaveTextContent(/need level/);
  });

  it("shows no console to an admin without an access level (the server would refuse every part)", () => {
    stubTrpc({});
    renderDashboard(person("ADMIN", null));
    const console_ = screen.getByRole("region", { name: "Admin console" });
    expect(within(console_).queryAllByRole("link")).toEqual([]);
    expect(console_).toHaveTextContent("no admin access level");
  });

  it.each([
    ["INSTRUCTOR", /content editor/],
    ["COMPANY", /search trainees who chose to be found/],
  ] as const)("shows a %s what comes next for them", async (role, upcoming) => {
    stubTrpc({ "profile.get": profile(role, { ...pending, kind: role === "COMPANY" ? "company" : "instructor" }) });
    renderDashboard(person(role));
    expect(await screen.findByRole("region", { name: "Verification" })).toBeInTheDocument();
    expect(screen.getByText(upcoming)).toBeInTheDocument();
    expectNoComingSoon();
    if (role === "COMPANY") {
      // Jobs exist: a way to them, and no longer announced as coming.
      expect(screen.getByRole("link", { name: "Open your jobs" })).toHaveAttribute("href", paths.companyJobs);
      // Candidate search and the shortlist exist too: ways to them, nothing announced as coming.
      expect(screen.getByRole("link", { name: "Search candidates" })).toHaveAttribute("href", paths.companySearch);
      expect(screen.getByRole("link", { name: "Open your shortlist" })).toHaveAttribute("href", paths.companyShortlist);
      expect(screen.queryByRole("region", { name: "Coming next" })).not.toBeInTheDocument();
      expect(screen.queryByText(/post, edit and close job openings/)).not.toBeInTheDocument();
    }
  });
});

/** The verification card once its status arrived (a placeholder of the same frame stands before). */
async function loadedVerificationCard(): Promise<HTMLElement> {
  await screen.findByText(/^Status:/);
  return screen.getByRole("region", { name: "Verification" });
}

describe("verification status", () => {
  it("holds the card's place while the status loads (no layout shift when it arrives)", async () => {
    stubTrpc({ "profile.get": profile("COMPANY", verified) });
    renderDashboard(person("COMPANY"));
    const placeholder = screen.getByRole("region", { name: "Verification" });
    expect(placeholder).toHaveTextContent("An administrator verifies every company profile before it can search certified candidates and post jobs.");
    expect(within(placeholder).getByLabelText("Loading your verification status")).toHaveAttribute("aria-busy", "true");
    const card = await loadedVerificationCard();
    expect(card).toHaveTextContent("Status: Verified");
    expect(screen.queryByLabelText("Loading your verification status")).not.toBeInTheDocument();
  });

  it("pending: says so and what happens next", async () => {
    stubTrpc({ "profile.get": profile("INSTRUCTOR", pending) });
    renderDashboard(person("INSTRUCTOR"));
    const card = await loadedVerificationCard();
    expect(card).toHaveTextContent("Status: Waiting for review");
    expect(card).toHaveTextContent("What happens next:");
    expect(card).toHaveTextContent("We email sam@example.com when they have decided");
    expect(within(card).getByRole("link", { name: "complete your profile" })).toHaveAttribute("href", paths.settingsProfile);
    expect(within(card).queryByRole("button", { name: "Ask for another review" })).not.toBeInTheDocument();
  });

  it("verified: says so, with no request button", async () => {
    stubTrpc({ "profile.get": profile("COMPANY", verified) });
    renderDashboard(person("COMPANY"));
    const card = await loadedVerificationCard();
    expect(card).toHaveTextContent("Status: Verified");
    expect(card).toHaveTextContent("Your company profile is verified.");
    expect(within(card).queryByRole("button")).not.toBeInTheDocument();
  });

  it("rejected: shows the reason, and asking again puts it back in the queue", async () => {
    let current: Verification = rejected;
    const calls = stubTrpc({
      "profile.get": () => profile("COMPANY", current),
      "profile.requestVerification": () => {
        current = { kind: "company", status: "pending", since: new Date("2026-12-01T09:00:00Z"), reason: null };
        return current;
      },
    });
    renderDashboard(person("COMPANY"));
    const card = await loadedVerificationCard();
    expect(card).toHaveTextContent("Status: Not verified");
    expect(within(card).getByLabelText("The administrator's reason")).toHaveTextContent("The website does not match the company name");
    expect(within(card).getByRole("link", { name: "update your profile" })).toHaveAttribute("href", paths.settingsProfile);

    await userEvent.setup().click(within(card).getByRole("button", { name: "Ask for another review" }));
    await waitFor(() => expect(card).toHaveTextContent("Status: Waiting for review"));
    expect(inputsOf(calls, "profile.requestVerification")).toHaveLength(1);
    expect(card).not.toHaveTextContent("The website does not match");
    expect(within(card).queryByRole("button", { name: "Ask for another review" })).not.toBeInTheDocument();
  });

  it("rejected without a reason says so", async () => {
    stubTrpc({ "profile.get": profile("INSTRUCTOR", { ...rejected, kind: "instructor", reason: null }) });
    renderDashboard(person("INSTRUCTOR"));
    const card = await loadedVerificationCard();
    expect(card).toHaveTextContent("No reason was given.");
    expect(within(card).getByRole("button", { name: "Ask for another review" })).toBeInTheDocument();
  });

  it("shows why a request failed", async () => {
    const conflict: StubError = { code: "CONFLICT", appCode: "VERIFICATION_PENDING", message: "Your profile is already waiting for an administrator's review." };
    stubTrpc({ "profile.get": profile("COMPANY", rejected), "profile.requestVerification": fail(conflict) });
    renderDashboard(person("COMPANY"));
    const card = await loadedVerificationCard();
    await userEvent.setup().click(within(card).getByRole("button", { name: "Ask for another review" }));
    const alert = await within(card).findByRole("alert");
    expect(alert).toHaveTextContent("We could not send your request");
    expect(alert).toHaveTextContent("already waiting for an administrator's review");
  });
});
