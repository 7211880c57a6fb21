// Admin → Users: the table, keyset paging (Next sends the server's cursor, Previous goes
// back), and filters / sorting that live in the URL and shape the list request.
import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { UsersPage } from "../../client/features/admin/users-page.tsx";
import { CurrentUserContext, type Me } from "../../client/lib/auth.ts";
import { paths } from "../../client/lib/paths.ts";
import { inputsOf, stubTrpc, type Output, type StubCall } from "./trpc-stub.ts";
import { renderPage } from "./render-page.tsx";

const ME: Me = { id: "u-admin", email: "admin@example.com", role: "ADMIN", status: "ACTIVE", emailVerified: new Date(), name: "Alex Admin", hasPassword: true, adminLevel: null };
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);

type UserRow = Output<"admin.users.list">["users"][number];

function user(n: number, extra: Partial<UserRow> = {}): UserRow {
  return {
    id: `u-${n}`,
    email: `user${n}@example.com`,
    role: "TRAINEE",
    status: "ACTIVE",
    emailVerified: daysAgo(n),
    createdAt: daysAgo(n),
    lastLoginAt: null,
    suspendedUntil: null,
    name: `User ${n}`,
    ...extra,
  };
}

const PAGE_1 = [user(1), user(2, { role: "INSTRUCTOR", status: "SUSPENDED", name: null })];
const PAGE_2 = [user(3), user(4)];

function stubList(): StubCall[] {
  return stubTrpc({
    "admin.users.list": (input) => {
      if (input?.cursor === "cursor-2") return { users: PAGE_2, nextCursor: null };
      if (input?.search === "nobody") return { users: [], nextCursor: null };
      return { users: PAGE_1, nextCursor: "cursor-2" };
    },
  });
}

const listCalls = (calls: StubCall[]) => inputsOf(calls, "admin.users.list").map((i) => i!);

function renderUsers(url: string = paths.adminUsers) {
  return renderPage(
    <CurrentUserContext value={ME}>
      <UsersPage />
    </CurrentUserContext>,
    { url, path: paths.adminUsers },
  );
}

const location = () => screen.getByRole("status", { name: "current location" }).textContent ?? "";
const bodyRows = () => within(screen.getByRole("table")).getAllByRole("row").slice(1);

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("admin users table", () => {
  it("renders one row per user, each linking to the user's page", async () => {
    const calls = stubList();
    renderUsers();

    const link = await screen.findByRole("link", { name: "user1@example.com" });
    expect(link).toHaveAttribute("href", "/admin/users/u-1");
    const rows = bodyRows();
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByText("User 1")).toBeInTheDocument();
    expect(within(rows[0]!).getByText("Trainee")).toBeInTheDocument();
    expect(within(rows[1]!).getByText("Instructor")).toBeInTheDocument();
    expect(within(rows[1]!).getByText("Suspended")).toBeInTheDocument();
    expect(screen.getByText(/Page 1/)).toBeInTheDocument();
    // Newest first by default, no cursor on the first page.
    expect(listCalls(calls)[0]).toMatchObject({ sort: "createdAt", direction: "desc", limit: 25 });
    expect(listCalls(calls)[0]).not.toHaveProperty("cursor");
    expect(screen.getByRole("button", { name: "Previous" })).toBeDisabled();
  });

  it("“Next” asks for the page after the server's cursor; “Previous” goes back", async () => {
    const calls = stubList();
    const user = userEvent.setup();
    renderUsers();
    await screen.findByRole("link", { name: "user1@example.com" });

    await user.click(screen.getByRole("button", { name: "Next" }));
    await screen.findByRole("link", { name: "user3@example.com" });
    expect(listCalls(calls).at(-1)).toMatchObject({ cursor: "cursor-2", sort: "createdAt", direction: "desc" });
    expect(screen.queryByRole("link", { name: "user1@example.com" })).not.toBeInTheDocument();
    expect(screen.getByText(/Page 2/)).toBeInTheDocument();
    // The server said there is nothing after this page.
    expect(screen.getByRole("button", { name: "Next" })).toBeDisabled();

    await user.click(screen.getByRole("button", { name: "Previous" }));
    await screen.findByRole("link", { name: "user1@example.com" });
    expect(screen.getByText(/Page 1/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Previous" })).toBeDisabled();
  });

  it("filters change the request and the URL, and start again from the first page", async () => {
    const calls = stubList();
    const user = userEvent.setup();
    renderUsers();
    await screen.findByRole("link", { name: "user1@example.com" });
    await user.click(screen.getByRole("button", { name: "Next" }));
    await screen.findByRole("link", { name: "user3@example.com" });

    await user.selectOptions(screen.getByLabelText("Role"), "INSTRUCTOR");
    await waitFor(() => expect(listCalls(calls).at(-1)).toMatchObject({ role: "INSTRUCTOR" }));
    expect(listCalls(calls).at(-1)).not.toHaveProperty("cursor");
    expect(location()).toContain("role=INSTRUCTOR");
    await screen.findByText(/Page 1/);

    await user.selectOptions(screen.getByLabelText("Email verified"), "no");
    await waitFor(() => expect(listCalls(calls).at(-1)).toMatchObject({ role: "INSTRUCTOR", verified: false }));

    // The search waits until typing pauses: one request for the whole word.
    const before = listCalls(calls).length;
    await user.type(screen.getByLabelText("Search"), "nobody");
    await waitFor(() => expect(listCalls(calls).at(-1)).toMatchObject({ search: "nobody", role: "INSTRUCTOR", verified: false }));
    expect(listCalls(calls).slice(before).filter((c) => c.search !== "nobody")).toEqual([]);
    expect(location()).toContain("q=nobody");
    expect(await screen.findByText("No users match these filters")).toBeInTheDocument();
  });

  it("reads the filters from the URL, so a shared link shows the same list", async () => {
    const calls = stubList();
    renderUsers(`${paths.adminUsers}?status=SUSPENDED&verified=yes&from=2026-01-01&to=2026-01-31&sort=email`);
    await screen.findByRole("link", { name: "user1@example.com" });
    const first = listCalls(calls)[0]!;
    expect(first).toMatchObject({ status: "SUSPENDED", verified: true, sort: "email", direction: "asc" });
    expect(first.createdFrom).toEqual(new Date("2026-01-01T00:00:00"));
    expect(first.createdTo).toEqual(new Date("2026-01-31T23:59:59.999"));
    expect(screen.getByLabelText("Status")).toHaveValue("SUSPENDED");
    expect(screen.getByLabelText("Created from")).toHaveValue("2026-01-01");
  });

  it("sorts by a column from its header button, toggling the direction", async () => {
    const calls = stubList();
    const user = userEvent.setup();
    renderUsers();
    await screen.findByRole("link", { name: "user1@example.com" });

    await user.click(screen.getByRole("button", { name: /^Email/ }));
    await waitFor(() => expect(listCalls(calls).at(-1)).toMatchObject({ sort: "email", direction: "asc" }));
    expect(screen.getByRole("columnheader", { name: "Email, sorted ascending" })).toHaveAttribute("aria-sort", "ascending");

    await user.click(screen.getByRole("button", { name: /^Email/ }));
    await waitFor(() => expect(listCalls(calls).at(-1)).toMatchObject({ sort: "email", direction: "desc" }));
    expect(location()).toContain("sort=email");
    expect(location()).toContain("dir=desc");
  });
});
