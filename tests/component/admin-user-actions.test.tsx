// Admin → one user: the role-change dialog (a reason is required; the server's refusal is
// shown in the dialog) and the actions offered per admin access level (hidden, not
// disabled, when the level does not allow them).
import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { UserDetailPage } from "../../client/features/admin/user-detail-page.tsx";
import { CurrentUserContext, type Me } from "../../client/lib/auth.ts";
import { adminUserPath, paths } from "../../client/lib/paths.ts";
import { fail, inputsOf, stubTrpc, type Output, type StubCall, type StubMap } from "./trpc-stub.ts";
import { renderPage } from "./render-page.tsx";

const ME: Me = { id: "u-admin", email: "admin@example.com", role: "ADMIN", status: "ACTIVE", emailVerified: new Date(), name: "Alex Admin", hasPassword: true, adminLevel: null };
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);

type UserDetail = Output<"admin.users.get">;

function detail(id: string, extra: Partial<UserDetail> = {}): UserDetail {
  return {
    id,
    email: `${id}@example.com`,
    role: "TRAINEE",
    status: "ACTIVE",
    emailVerified: daysAgo(10),
    createdAt: daysAgo(10),
    lastLoginAt: daysAgo(1),
    suspendedUntil: null,
    updatedAt: daysAgo(1),
    profile: { name: "Sam Sample", avatar: null, bio: null, phone: null, timezone: "UTC", languages: [], skills: [], location: null, linkedIn: null, github: null, website: null },
    instructorProfile: null,
    companyProfile: null,
    adminProfile: null,
    accounts: [],
    sessions: [],
    recentEvents: [],
    ...extra,
  };
}

/** The signed-in admin's own record (where the access level is read) and the target user. */
function stubAdmin(level: number, target: UserDetail, more: StubMap = {}): StubCall[] {
  return stubTrpc({
    "admin.users.get": (input) => {
      if (input?.userId === ME.id) return detail(ME.id, { role: "ADMIN", adminProfile: { accessLevel: level, department: null } });
      if (input?.userId === target.id) return target;
      return fail({ code: "NOT_FOUND", message: "No such user." });
    },
    ...more,
  });
}

/** The ids of the users whose record was asked for. */
const lookedUp = (calls: StubCall[]) => inputsOf(calls, "admin.users.get").map((i) => i?.userId);

/** `auth.me` of the signed-in admin, with the access level it carries. */
const adminAt = (level: number | null): Me => ({ ...ME, adminLevel: level });

function renderUser(userId: string, me: Me = adminAt(3)) {
  return renderPage(
    <CurrentUserContext value={me}>
      <UserDetailPage />
    </CurrentUserContext>,
    { url: adminUserPath(userId), path: paths.adminUser },
  );
}

const SAM = detail("u-sam");

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("change role dialog", () => {
  it("requires a reason before sending anything", async () => {
    const calls = stubAdmin(3, SAM);
    const user = userEvent.setup();
    renderUser(SAM.id);

    await user.click(await screen.findByRole("button", { name: "Change role" }));
    const dialog = await screen.findByRole("dialog", { name: "Change role" });
    await user.selectOptions(within(dialog).getByLabelText("New role"), "INSTRUCTOR");
    await user.click(within(dialog).getByRole("button", { name: "Change role" }));

    expect(await within(dialog).findByText("Give a reason (at least 3 characters)")).toBeInTheDocument();
    expect(within(dialog).getByLabelText("Reason")).toHaveAttribute("aria-invalid", "true");
    expect(inputsOf(calls, "admin.users.setRole")).toEqual([]);
  });

  it("sends role and reason, and shows the server's refusal (LAST_ADMIN) inside the dialog", async () => {
    const target = detail("u-other-admin", { role: "ADMIN", adminProfile: { accessLevel: 1, department: null } });
    const calls = stubAdmin(3, target, {
      "admin.users.setRole": fail({ code: "CONFLICT", appCode: "LAST_ADMIN", message: "This is the last active admin; it cannot be demoted. Make another admin first." }),
    });
    const user = userEvent.setup();
    renderUser(target.id);

    await user.click(await screen.findByRole("button", { name: "Change role" }));
    const dialog = await screen.findByRole("dialog", { name: "Change role" });
    await user.selectOptions(within(dialog).getByLabelText("New role"), "TRAINEE");
    await user.type(within(dialog).getByLabelText("Reason"), "Left the operations team");
    await user.click(within(dialog).getByRole("button", { name: "Change role" }));

    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent("This is the last active admin; it cannot be demoted. Make another admin first.");
    expect(inputsOf(calls, "admin.users.setRole")).toEqual([
      { userId: "u-other-admin", role: "TRAINEE", reason: "Left the operations team" },
    ]);
    // Still open, so the admin can read the message and cancel.
    expect(screen.getByRole("dialog", { name: "Change role" })).toBeInTheDocument();
  });

  it("closes and reloads the user after a change", async () => {
    let role: UserDetail["role"] = "TRAINEE";
    const calls = stubTrpc({
      "admin.users.get": (input) =>
        input?.userId === ME.id ? detail(ME.id, { role: "ADMIN", adminProfile: { accessLevel: 3, department: null } }) : { ...SAM, role },
      "admin.users.setRole": (input) => {
        role = input!.role;
        return { role, changed: true };
      },
    });
    const user = userEvent.setup();
    renderUser(SAM.id);

    await user.click(await screen.findByRole("button", { name: "Change role" }));
    const dialog = await screen.findByRole("dialog", { name: "Change role" });
    await user.selectOptions(within(dialog).getByLabelText("New role"), "COMPANY");
    await user.type(within(dialog).getByLabelText("Reason"), "Registered their agency");
    await user.click(within(dialog).getByRole("button", { name: "Change role" }));

    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    await waitFor(() => expect(screen.getByRole("heading", { level: 1 }).parentElement).toHaveTextContent("Company"));
    expect(lookedUp(calls).filter((id) => id === SAM.id).length).toBeGreaterThanOrEqual(2);
  });
});

describe("actions by admin access level", () => {
  const ALL = ["Change role", "Suspend", "Sign out everywhere", "Send password reset", "Delete"];

  it("level 1 (view and verify) is offered none of the account actions", async () => {
    stubAdmin(1, SAM);
    renderUser(SAM.id, adminAt(1));
    expect(await screen.findByText(/Your admin access level \(1\)/)).toBeInTheDocument();
    for (const name of ALL) expect(screen.queryByRole("button", { name })).not.toBeInTheDocument();
  });

  it("level 2 may suspend, sign out and send a reset, but not change roles or delete", async () => {
    stubAdmin(2, SAM);
    renderUser(SAM.id, adminAt(2));
    expect(await screen.findByRole("button", { name: "Suspend" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Sign out everywhere" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Send password reset" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Change role" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Delete" })).not.toBeInTheDocument();
  });

  it("level 3 (super admin) is offered every action", async () => {
    const calls = stubAdmin(3, SAM);
    renderUser(SAM.id, adminAt(3));
    expect(await screen.findByRole("button", { name: "Suspend" })).toBeInTheDocument();
    // The level came with auth.me: no lookup of the admin's own record.
    expect(lookedUp(calls).filter((id) => id === ME.id)).toEqual([]);
    for (const name of ALL) expect(screen.getByRole("button", { name })).toBeInTheDocument();
    // An active account has nothing to reactivate.
    expect(screen.queryByRole("button", { name: "Reactivate" })).not.toBeInTheDocument();
  });

  it("offers Reactivate instead of Suspend for a suspended account", async () => {
    stubAdmin(2, detail("u-sam", { status: "SUSPENDED", suspendedUntil: new Date(Date.now() + 86_400_000) }));
    renderUser("u-sam", adminAt(2));
    expect(await screen.findByRole("button", { name: "Reactivate" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Suspend" })).not.toBeInTheDocument();
  });

  it("reads the level from the admin's own record when auth.me does not carry it", async () => {
    const calls = stubAdmin(2, SAM);
    renderUser(SAM.id, adminAt(null));
    expect(await screen.findByRole("button", { name: "Suspend" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Delete" })).not.toBeInTheDocument();
    expect(lookedUp(calls)).toContain(ME.id);
  });

  it("on the admin's own account, hides role change, suspend and delete even at level 3", async () => {
    stubAdmin(3, SAM);
    renderUser(ME.id);
    expect(await screen.findByText(/This is your own account/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Send password reset" })).toBeInTheDocument();
    for (const name of ["Change role", "Suspend", "Delete"]) expect(screen.queryByRole("button", { name })).not.toBeInTheDocument();
  });

  it("asks for the user's email before deleting", async () => {
    const calls = stubAdmin(3, SAM, { "admin.users.delete": { deleted: true } });
    const user = userEvent.setup();
    renderUser(SAM.id);
    await user.click(await screen.findByRole("button", { name: "Delete" }));
    const dialog = await screen.findByRole("dialog", { name: "Delete Sam Sample?" });
    const confirm = within(dialog).getByRole("button", { name: "Delete user" });
    expect(confirm).toBeDisabled();
    await user.type(within(dialog).getByRole("textbox"), "u-sam@example");
    expect(confirm).toBeDisabled();
    await user.type(within(dialog).getByRole("textbox"), ".com");
    expect(confirm).toBeEnabled();
    await user.click(confirm);
    await waitFor(() => expect(inputsOf(calls, "admin.users.delete")).toEqual([{ userId: "u-sam" }]));
    await waitFor(() => expect(screen.getByRole("status", { name: "current location" })).toHaveTextContent(paths.adminUsers));
  });
});
