// Admin → Verification: the queue, Verify (the card leaves at once), Reject (a reason is
// required), and the empty state.
import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { VerificationPage } from "../../client/features/admin/verification-page.tsx";
import { CurrentUserContext, type Me } from "../../client/lib/auth.ts";
import { paths } from "../../client/lib/paths.ts";
import { inputsOf, stubTrpc, type Output } from "./trpc-stub.ts";
import { renderPage } from "./render-page.tsx";

const ME: Me = { id: "u-admin", email: "admin@example.com", role: "ADMIN", status: "ACTIVE", emailVerified: new Date(), name: "Alex Admin", hasPassword: true, adminLevel: 1 };
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);
type QueueItem = Output<"admin.verification.list">["items"][number];
const account = (id: string, name: string): QueueItem["user"] => ({
  id,
  email: `${id}@example.com`,
  name,
  profile: { name },
  status: "ACTIVE",
  emailVerified: daysAgo(3),
  createdAt: daysAgo(3),
});

const IVY: QueueItem = { kind: "instructor", createdAt: daysAgo(3), specializations: ["Interviews"], certifications: ["CELTA"], yearsOfExperience: 6, user: account("u-ivy", "Ivy Teacher") };
const GLOBEX: QueueItem = {
  kind: "company",
  createdAt: daysAgo(2),
  companyName: "Globex",
  companyLogo: null,
  industry: "Logistics",
  companySize: "51-200",
  website: "https://globex.example",
  country: "NL",
  description: null,
  user: account("u-globex", "Gina"),
};

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
    const calls = stubTrpc({
      "admin.verification.list": () => ({ items }),
      "admin.verification.decide": (input) => {
        items = items.filter((i) => i.user.id !== input?.userId);
        return { kind: "instructor", verified: true };
      },
    });
    const user = userEvent.setup();
    renderQueue();

    const ivy = await screen.findByRole("article", { name: "Ivy Teacher" });
    expect(within(ivy).getByText("Instructor")).toBeInTheDocument();
    expect(within(ivy).getByText("CELTA")).toBeInTheDocument();
    expect(within(screen.getByRole("article", { name: "Globex" })).getByText("Company")).toBeInTheDocument();

    await user.click(within(ivy).getByRole("button", { name: "Verify Ivy Teacher" }));
    await waitFor(() => expect(screen.queryByRole("article", { name: "Ivy Teacher" })).not.toBeInTheDocument());
    expect(inputsOf(calls, "admin.verification.decide")).toEqual([{ userId: "u-ivy", approve: true }]);
    expect(screen.getByRole("article", { name: "Globex" })).toBeInTheDocument();
  });

  it("Reject needs a reason, then sends it", async () => {
    const calls = stubTrpc({
      "admin.verification.list": { items: [GLOBEX] },
      "admin.verification.decide": { kind: "company", verified: false },
    });
    const user = userEvent.setup();
    renderQueue();

    await user.click(await screen.findByRole("button", { name: "Reject Globex" }));
    const dialog = await screen.findByRole("dialog", { name: "Reject Globex?" });
    await user.click(within(dialog).getByRole("button", { name: "Reject" }));
    expect(await within(dialog).findByText(/Say why it is rejected/)).toBeInTheDocument();
    expect(inputsOf(calls, "admin.verification.decide")).toEqual([]);

    await user.type(within(dialog).getByLabelText("Reason"), "We could not confirm the company.");
    await user.click(within(dialog).getByRole("button", { name: "Reject" }));
    await waitFor(() =>
      expect(inputsOf(calls, "admin.verification.decide")).toEqual([
        { userId: "u-globex", approve: false, reason: "We could not confirm the company." },
      ]),
    );
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
  });

  it("says so when there is nothing to review", async () => {
    stubTrpc({ "admin.verification.list": { items: [] } });
    renderQueue();
    expect(await screen.findByText("Nothing to review")).toBeInTheDocument();
  });
});
