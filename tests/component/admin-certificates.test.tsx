// Admin → Certificates: a level-2 admin looks a code up (typed loosely), gives a reason,
// confirms, and the revoke call carries the canonical code and the reason; an unknown code
// says so; a level-1 admin is told revoking needs level 2 and gets no form.
import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { AdminCertificatesPage } from "../../client/features/admin/certificates-page.tsx";
import { CurrentUserContext, type Me } from "../../client/lib/auth.ts";
import { paths } from "../../client/lib/paths.ts";
import { fail, inputsOf, stubTrpc, type Output } from "./trpc-stub.ts";
import { renderPage } from "./render-page.tsx";

const admin = (level: number): Me => ({ id: "u-admin", email: "admin@example.com", role: "ADMIN", status: "ACTIVE", emailVerified: new Date(), name: "Alex Admin", hasPassword: true, adminLevel: level });
const CODE = "HXP-7K3M-9QX2-RT4D";
const FOUND: Output<"certificates.verify"> = {
  code: CODE,
  status: "valid",
  holderName: "Cora Certified",
  issuedAt: new Date("2026-01-10T10:00:00Z"),
  validUntil: new Date("2028-01-10T10:00:00Z"),
  skills: { practice: { fluency: 81 }, assessments: { grammar: 90, vocabulary: 75, reading: 82 } },
  overallScore: 78.4,
  revokedAt: null,
};

function renderAs(level: number) {
  return renderPage(
    <CurrentUserContext value={admin(level)}>
      <AdminCertificatesPage />
    </CurrentUserContext>,
    { url: paths.adminCertificates, path: paths.adminCertificates },
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("admin certificates", () => {
  it("looks a code up, then revokes it with a reason after a confirmation", async () => {
    let status: "valid" | "revoked" = "valid";
    const calls = stubTrpc({
      "certificates.verify": () => ({ ...FOUND, status }),
      "admin.certificates.revoke": () => {
        status = "revoked";
        return { code: CODE, status: "revoked", revokedAt: new Date() };
      },
    });
    const user = userEvent.setup();
    renderAs(2);
    await user.click(await screen.findByLabelText("Certificate code"));
    await user.paste("hxp 7k3m 9qx2 rt4d");
    await user.click(screen.getByRole("button", { name: "Look up" }));
    expect(await screen.findByText("Cora Certified")).toBeInTheDocument();
    expect(inputsOf(calls, "certificates.verify")).toEqual([{ code: CODE }]);
    const revoke = screen.getByRole("button", { name: "Revoke certificate" });
    expect(revoke).toBeDisabled();
    await user.click(screen.getByRole("textbox", { name: /Reason/ }));
    await user.paste("Results obtained with help");
    await user.click(revoke);
    const dialog = await screen.findByRole("dialog", { name: "Revoke this certificate?" });
    expect(inputsOf(calls, "admin.certificates.revoke")).toEqual([]);
    await user.click(within(dialog).getByRole("button", { name: "Revoke" }));
    await waitFor(() => expect(inputsOf(calls, "admin.certificates.revoke")).toEqual([{ code: CODE, reason: "Results obtained with help" }]));
    expect(await screen.findByText("This certificate is already revoked.")).toBeInTheDocument();
  });

  it("says when no certificate matches, and refuses a malformed code before asking", async () => {
    const calls = stubTrpc({ "certificates.verify": fail({ code: "NOT_FOUND", message: "No certificate matches this code. Check it and try again." }) });
    const user = userEvent.setup();
    renderAs(3);
    const field = await screen.findByLabelText("Certificate code");
    await user.click(field);
    await user.paste("not-a-code");
    await user.click(screen.getByRole("button", { name: "Look up" }));
    expect(await screen.findByText(/looks like HXP-/)).toBeInTheDocument();
    expect(inputsOf(calls, "certificates.verify")).toEqual([]);
    await user.clear(field);
    await user.paste("HXP-2222-3333-4444");
    await user.click(screen.getByRole("button", { name: "Look up" }));
    expect(await screen.findByText("No certificate found")).toBeInTheDocument();
  });

  it("a level-1 admin is told revoking needs level 2", async () => {
    stubTrpc({});
    renderAs(1);
    expect(await screen.findByText("Revoking needs admin level 2")).toBeInTheDocument();
    expect(screen.queryByLabelText("Certificate code")).not.toBeInTheDocument();
  });
});
