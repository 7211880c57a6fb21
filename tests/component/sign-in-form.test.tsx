import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { SignInPage } from "../../client/features/auth/sign-in-page.tsx";
import { paths } from "../../client/lib/paths.ts";
import { fail, inputsOf, stubTrpc, type Output, type StubCall, type StubMap } from "./trpc-stub.ts";
import { renderPage } from "./render-page.tsx";

const INVALID_CREDENTIALS = "That email and password don't match. Check them and try again, or reset your password.";
const PAUSED =
  "Sign-in for this email is paused for 15 minutes after too many failed attempts. If it's your account, we've emailed you a link that unlocks it right away; you can also reset your password.";

const me: NonNullable<Output<"auth.me">> = { id: "u1", email: "ana@example.com", role: "TRAINEE", status: "ACTIVE", emailVerified: new Date(), name: "Ana", hasPassword: true, adminLevel: null };

function renderSignIn(url: string = paths.signIn) {
  return renderPage(<SignInPage />, { url, path: paths.signIn });
}

async function fillAndSubmit(email: string, password: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("Email"), email);
  await user.type(screen.getByLabelText("Password"), password);
  await user.click(screen.getByRole("button", { name: "Sign in" }));
}

/** Sign-in succeeds with `result`; afterwards auth.me answers the signed-in user. */
const signsIn = (result: { emailVerified: boolean }): StubMap => ({
  "auth.signIn": { userId: "u1", role: "TRAINEE", ...result },
  "auth.me": { ...me, emailVerified: result.emailVerified ? new Date() : null },
});

/** The sign-in attempts among the calls (the page also asks for the sign-in providers). */
const signInCalls = (calls: StubCall[]) => inputsOf(calls, "auth.signIn");

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("sign-in form", () => {
  it("shows field errors next to the fields and sends nothing when they are empty", async () => {
    const calls = stubTrpc({});
    renderSignIn();
    await userEvent.setup().click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByText("Enter your email address")).toBeInTheDocument();
    expect(screen.getByText("Enter your password")).toBeInTheDocument();
    expect(screen.getByLabelText("Email")).toHaveAttribute("aria-invalid", "true");
    await waitFor(() => expect(screen.getByLabelText("Email")).toHaveFocus());
    expect(signInCalls(calls)).toEqual([]);
  });

  it("explains a malformed email address before sending", async () => {
    const calls = stubTrpc({});
    renderSignIn();
    await fillAndSubmit("ana-at-example.com", "whatever");
    expect(await screen.findByText("Enter a single valid email address, like name@example.com")).toBeInTheDocument();
    expect(signInCalls(calls)).toEqual([]);
  });

  it("shows the server's message on INVALID_CREDENTIALS and stays on the page", async () => {
    const calls = stubTrpc({
      "auth.signIn": fail({ code: "UNAUTHORIZED", appCode: "INVALID_CREDENTIALS", message: INVALID_CREDENTIALS }),
    });
    renderSignIn();
    await fillAndSubmit("Ana@Example.com", "not-my-password");

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("We could not sign you in");
    expect(alert).toHaveTextContent(INVALID_CREDENTIALS);
    await waitFor(() => expect(alert).toHaveFocus());
    expect(signInCalls(calls)).toEqual([{ email: "Ana@Example.com", password: "not-my-password" }]);
    expect(screen.getByLabelText("current location")).toHaveTextContent(paths.signIn);
  });

  it("titles a paused sign-in as a pause, not as a wrong password", async () => {
    stubTrpc({ "auth.signIn": fail({ code: "TOO_MANY_REQUESTS", appCode: "SIGN_IN_PAUSED", message: PAUSED }) });
    renderSignIn();
    await fillAndSubmit("ana@example.com", "my-right-password");
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Sign-in is paused for now");
    expect(alert).toHaveTextContent(PAUSED);
    expect(alert).not.toHaveTextContent("We could not sign you in");
  });

  it("names a suspended account and a rate limit in words", async () => {
    let answer = fail({ code: "FORBIDDEN", appCode: "ACCOUNT_SUSPENDED", message: "This account is suspended. Contact support if you think this is a mistake." });
    stubTrpc({ "auth.signIn": () => answer });
    renderSignIn();
    await fillAndSubmit("ana@example.com", "password-one");
    expect(await screen.findByRole("alert")).toHaveTextContent("This account is suspended. Contact support");

    answer = fail({ code: "TOO_MANY_REQUESTS", appCode: "RATE_LIMITED", message: "Too many attempts. Try again in 42 seconds.", retryAfterSeconds: 42 });
    await userEvent.setup().click(screen.getByRole("button", { name: "Sign in" }));
    await waitFor(() => expect(screen.getByRole("alert")).toHaveTextContent("Too many attempts. Try again in 42 seconds."));
  });

  it("puts the server's zod field errors under the matching field", async () => {
    stubTrpc({
      "auth.signIn": fail({ code: "BAD_REQUEST", message: '[{"code":"invalid_format"}]', fieldErrors: { email: ["This address is not allowed here"] } }),
    });
    renderSignIn();
    await fillAndSubmit("ana@example.com", "password-one");
    expect(await screen.findByText("This address is not allowed here")).toBeInTheDocument();
    expect(screen.getByLabelText("Email")).toHaveAttribute("aria-invalid", "true");
    // The raw zod text never reaches the person.
    expect(screen.queryByText(/invalid_format/)).not.toBeInTheDocument();
  });

  it("goes on to a safe `next` path after signing in", async () => {
    stubTrpc(signsIn({ emailVerified: true }));
    renderSignIn(`${paths.signIn}?next=${encodeURIComponent("/settings/profile?tab=links")}`);
    await fillAndSubmit("ana@example.com", "correct horse battery staple");
    await waitFor(() => expect(screen.getByLabelText("current location")).toHaveTextContent("/settings/profile?tab=links"));
  });

  it("ignores a `next` that points to another site", async () => {
    stubTrpc(signsIn({ emailVerified: true }));
    renderSignIn(`${paths.signIn}?next=${encodeURIComponent("//evil.com/phish")}`);
    await fillAndSubmit("ana@example.com", "correct horse battery staple");
    await waitFor(() => expect(screen.getByLabelText("current location")).toHaveTextContent(paths.dashboard));
    expect(screen.getByLabelText("current location")).not.toHaveTextContent("evil");
  });

  it("sends an unverified account to the verify-your-email page", async () => {
    stubTrpc(signsIn({ emailVerified: false }));
    renderSignIn(`${paths.signIn}?next=/settings/profile`);
    await fillAndSubmit("ana@example.com", "correct horse battery staple");
    await waitFor(() => expect(screen.getByLabelText("current location")).toHaveTextContent(paths.verifyEmailRequired));
  });
});
