// The page the verification mail links to (issue 7: /verify-email?token=bogus said the link
// was "incomplete"). A refused token reads as invalid or expired and offers a new link;
// "incomplete" is left for a URL with no token at all.
import { afterEach, describe, expect, it, vi } from "vitest";
import { configure, screen } from "@testing-library/react";
import { VerifyEmailPage } from "../../client/features/auth/verify-email-page.tsx";
import { paths } from "../../client/lib/paths.ts";
import { fail, inputsOf, stubTrpc, type Output } from "./trpc-stub.ts";
import { renderPage } from "./render-page.tsx";

configure({ asyncUtilTimeout: 5000 });
afterEach(() => {
  vi.unstubAllGlobals();
});

const pendingMe: NonNullable<Output<"auth.me">> = { id: "u1", email: "pat@example.com", role: "TRAINEE", status: "PENDING_VERIFICATION", emailVerified: null, name: "Pat", hasPassword: true, adminLevel: null };
const open = (query: string) => renderPage(<VerifyEmailPage />, { url: `${paths.verifyEmail}${query}`, path: paths.verifyEmail });

describe("verify-email page", () => {
  it("?token=bogus (refused by the input check) says invalid or expired, not incomplete, and offers a new link to a signed-in person", async () => {
    // What the server answers for a token too short to be one (shared/schemas/fields.ts).
    const calls = stubTrpc({
      "auth.verifyEmail": fail({ code: "BAD_REQUEST", message: "This link is incomplete", fieldErrors: { token: ["This link is incomplete"] } }),
      "auth.me": pendingMe,
    });
    open("?token=bogus");
    expect(await screen.findByRole("heading", { name: "This link is invalid or has expired" })).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent(/invalid, already used or expired/);
    expect(document.body.textContent).not.toMatch(/incomplete/i);
    expect(await screen.findByRole("button", { name: "Resend the link" })).toBeInTheDocument();
    expect(inputsOf(calls, "auth.verifyEmail")).toEqual([{ token: "bogus" }]);
  });

  it("a used or expired token (INVALID_TOKEN) says the same, and a signed-out visitor is offered to sign in for a new link", async () => {
    stubTrpc({
      "auth.verifyEmail": fail({ code: "BAD_REQUEST", appCode: "INVALID_TOKEN", message: "This verification link is invalid, used or expired. Sign in and ask for a new one." }),
      "auth.me": null,
    });
    open("?token=abcdefghijklmnopqrstuvwxyz234567");
    expect(await screen.findByRole("heading", { name: "This link is invalid or has expired" })).toBeInTheDocument();
    expect(screen.getByText("To get a new link, sign in: we will offer to send you one.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", paths.signIn);
  });

  it("keeps \"incomplete\" for a URL with no token, and sends nothing", async () => {
    const calls = stubTrpc({ "auth.me": null });
    open("");
    expect(await screen.findByRole("heading", { name: "This link is incomplete" })).toBeInTheDocument();
    expect(inputsOf(calls, "auth.verifyEmail")).toEqual([]);
  });
});
