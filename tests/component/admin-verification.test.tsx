// Admin → Verification: the queue, Verify (the card leaves at once), Reject (a reason is
// required), and the empty state.
import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { VerificationPage } from "../../client/features/admin/verification-page.tsx";
import { CurrentUserContext, type Me } from "../../client/lib/auth.ts";
import { paths } from "../../client/lib/paths.ts";
import { fail, ok, stubTrpc, type StubAnswer } from "./trpc-stub.ts";
import { renderPage } from "./render-page.tsx";

if (!("fonts" in document)) {
  Object.defineProperty(document, "fonts", {
    configurable: true,
    value: { addEventListener: () => {}, removeEventListener: () => {}, ready: Promise.resolve() },
  });
}

const ME: Me = { id: "u-admin", email: "admin@example.com", role: "ADMIN", status: "ACTIVE", emailVerified: new Date(), name: "Alex Admin", hasPassword: true, adminLevel: 1 };
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);
const account = (id: string, name: string) => ({ id, email: `${id}@example.com`, name, status: "ACTIVE", emailVerified: daysAgo(3), createdAt: daysAgo(3) });

const IVY = { kind: "instructor", createdAt: daysAgo(3), specializations: ["Interviews"], certifications: ["CELTA"], yearsOfExperience: 6, user: account("u-ivy", "Ivy Teacher") };
const GLOBEX = {
  kind: "company",
  createdAt: daysAgo(2),
  companyName: "Globex",
  industry: "Logistics",
  companySize: "51-200",
  website: "https://globex.example",
  country: "NL",
  description: null,
  user: account("u-globex", "Gina"),
};

const me = { adminProfile: { accessLevel: 1, department: null } };

function renderQueue() {
  return renderPage(
    <CurrentUserContext value={ME}>
      <VerificationPage />
    </CurrentUserContext>,
    { url: paths.adminVerification, path: paths.adminVerification },
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("verification queue", () => {
  it("shows each request with its kind and details; Verify removes it and sends the decision", async () => {
    let items = [IVY, GLOBEX];
    const calls = stubTrpc((path, input): StubAnswer => {
      if (path === "admin.users.get") return ok(me);
      if (path === "admin.verification.list") return ok({ items });
      if (path === "admin.verification.decide") {
        items = items.filter((i) => i.user.id !== (input as { userId: string }).userId);
        return ok({ kind: "instructor", verified: true });
      }
      return fail({ code: "NOT_FOUND", message: `no stub for ${path}` });
    });
    const user = userEvent.setup();
    renderQueue();

    const ivy = await screen.findByRole("article", { name: "Ivy Teacher" });
    expect(within(ivy).getByText("Instructor")).toBeInTheDocument();
    expect(within(ivy).getByText("CELTA")).toBeInTheDocument();
    expect(within(screen.getByRole("article", { name: "Globex" })).getByText("Company")).toBeInTheDocument();

    await user.click(within(ivy).getByRole("button", { name: "Verify Ivy Teacher" }));
    await waitFor(() => expect(screen.queryByRole("article", { name: "Ivy Teacher" })).not.toBeInTheDocument());
    expect(calls.filter((c) => c.path === "admin.verification.decide").map((c) => c.input)).toEqual([{ userId: "u-ivy", approve: true }]);
    expect(screen.getByRole("article", { name: "Globex" })).toBeInTheDocument();
  });

  it("Reject needs a reason, then sends it", async () => {
    const calls = stubTrpc((path): StubAnswer => {
      if (path === "admin.users.get") return ok(me);
      if (path === "admin.verification.list") return ok({ items: [GLOBEX] });
      if (path === "admin.verification.decide") return ok({ kind: "company", verified: false });
      return fail({ code: "NOT_FOUND", message: `no stub for ${path}` });
    });
    const user = userEvent.setup();
    renderQueue();

    await user.click(await screen.findByRole("button", { name: "Reject Globex" }));
    const dialog = await screen.findByRole("dialog", { name: "Reject Globex?" });
    await user.click(within(dialog).getByRole("button", { name: "Reject" }));
    expect(await within(dialog).findByText(/Say why it is rejected/)).toBeInTheDocument();
    expect(calls.filter((c) => c.path === "admin.verification.decide")).toEqual([]);

    await user.type(within(dialog).getByLabelText("Reason"), "We could not confirm the company.");
    await user.click(within(dialog).getByRole("button", { name: "Reject" }));
    await waitFor(() =>
      expect(calls.filter((c) => c.path === "admin.verification.decide").map((c) => c.input)).toEqual([
        { userId: "u-globex", approve: false, reason: "We could not confirm the company." },
      ]),
    );
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
  });

  it("says so when there is nothing to review", async () => {
    stubTrpc((path): StubAnswer => (path === "admin.verification.list" ? ok({ items: [] }) : ok(me)));
    renderQueue();
    expect(await screen.findByText("Nothing to review")).toBeInTheDocument();
  });
});
