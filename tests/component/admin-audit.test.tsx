// Admin → Audit log: filters from the URL in the request and the CSV link, "Load more"
// with the server's cursor, and a row's details on demand.
import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { AuditPage } from "../../client/features/admin/audit-page.tsx";
import { CurrentUserContext, type Me } from "../../client/lib/auth.ts";
import { paths } from "../../client/lib/paths.ts";
import { inputsOf, stubTrpc, type Output, type StubCall } from "./trpc-stub.ts";
import { renderPage } from "./render-page.tsx";

const ME: Me = { id: "u-admin", email: "admin@example.com", role: "ADMIN", status: "ACTIVE", emailVerified: new Date(), name: "Alex Admin", hasPassword: true, adminLevel: null };

type AuditEntry = Output<"admin.audit.list">["entries"][number];

const entry = (n: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  id: `a-${n}`,
  action: "ROLE_CHANGED",
  createdAt: new Date(Date.UTC(2026, 0, 20, 12, 60 - n)),
  ipAddress: "203.0.113.9",
  userAgent: "Firefox",
  details: { from: "TRAINEE", to: "INSTRUCTOR", reason: `reason ${n}` },
  userId: "u-admin",
  targetUserId: `u-${n}`,
  actorEmail: "admin@example.com",
  targetEmail: `user${n}@example.com`,
  ...extra,
});

function stubAudit(): StubCall[] {
  return stubTrpc({
    "admin.audit.list": (input) =>
      input?.cursor === "next-1"
        ? { entries: [entry(3)], nextCursor: null }
        : { entries: [entry(1), entry(2, { userId: null, actorEmail: null })], nextCursor: "next-1" },
  });
}

const auditInputs = (calls: StubCall[]) => inputsOf(calls, "admin.audit.list");

function renderAudit(url: string) {
  return renderPage(
    <CurrentUserContext value={ME}>
      <AuditPage />
    </CurrentUserContext>,
    { url, path: paths.adminAudit },
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("audit log", () => {
  it("filters from the URL go into the request and the CSV link; Load more sends the cursor", async () => {
    const calls = stubAudit();
    const user = userEvent.setup();
    renderAudit(`${paths.adminAudit}?action=ROLE_CHANGED&from=2026-01-01`);

    await screen.findByRole("link", { name: "user1@example.com" });
    const first = auditInputs(calls)[0]!;
    expect(first).toMatchObject({ action: "ROLE_CHANGED", limit: 50 });
    expect(first.from).toEqual(new Date("2026-01-01T00:00:00"));
    expect(screen.getByText("System or deleted user")).toBeInTheDocument();

    const csv = screen.getByRole("link", { name: "Export CSV" });
    expect(csv).toHaveAttribute("download");
    const href = new URL(csv.getAttribute("href")!, "http://x.invalid");
    expect(href.pathname).toBe("/api/admin/audit.csv");
    expect(href.searchParams.get("action")).toBe("ROLE_CHANGED");
    expect(href.searchParams.get("from")).toBe(new Date("2026-01-01T00:00:00").toISOString());

    await user.click(screen.getByRole("button", { name: "Load more" }));
    await screen.findByRole("link", { name: "user3@example.com" });
    expect(auditInputs(calls).at(-1)!.cursor).toBe("next-1");
    expect(screen.getByRole("link", { name: "user1@example.com" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Load more" })).not.toBeInTheDocument();
  });

  it("shows a row's details as formatted JSON when expanded", async () => {
    stubAudit();
    const user = userEvent.setup();
    renderAudit(paths.adminAudit);
    await screen.findByRole("link", { name: "user1@example.com" });

    const toggle = screen.getAllByRole("button", { name: /^Show details: Role changed/ })[0]!;
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    await user.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    const details = document.getElementById(toggle.getAttribute("aria-controls")!)!;
    expect(details.textContent).toContain('"reason": "reason 1"');
    expect(within(details).getByText(/User agent: Firefox/)).toBeInTheDocument();
  });

  it("changing the action filter asks again from the newest entry", async () => {
    const calls = stubAudit();
    const user = userEvent.setup();
    renderAudit(paths.adminAudit);
    await screen.findByRole("link", { name: "user1@example.com" });
    await user.selectOptions(screen.getByLabelText("Action"), "USER_SUSPENDED");
    await waitFor(() => expect(auditInputs(calls).at(-1)).toMatchObject({ action: "USER_SUSPENDED" }));
    expect(auditInputs(calls).at(-1)!.cursor ?? null).toBeNull();
    expect(screen.getByRole("status", { name: "current location" })).toHaveTextContent("action=USER_SUSPENDED");
  });
});
