// The smaller pieces of the security settings: the wording of security events, the sign-in
// methods list (link / unlink rules), the confirm-email-change page and the deactivate form.
import { StrictMode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ConfirmEmailChangePage } from "../../client/features/auth/confirm-email-change-page.tsx";
import { DeactivateForm } from "../../client/features/settings/deactivate-section.tsx";
import { describeSecurityEvent } from "../../client/features/settings/security-event-text.ts";
import { SecurityActivitySection } from "../../client/features/settings/security-activity-section.tsx";
import { SignInMethodsSection } from "../../client/features/settings/sign-in-methods-section.tsx";
import { CurrentUserContext, type Me } from "../../client/lib/auth.ts";
import { paths } from "../../client/lib/paths.ts";
import { fail, inputsOf, stubTrpc, type Output } from "./trpc-stub.ts";
import { renderPage } from "./render-page.tsx";

const me: Me = { id: "u1", email: "ana@example.com", role: "TRAINEE", status: "ACTIVE", emailVerified: new Date(), name: "Ana", hasPassword: true, adminLevel: null };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("security event wording", () => {
  const event = (action: string, details: Record<string, unknown> = {}, extra: Partial<{ device: string | null; byYou: boolean; byAdministrator: boolean }> = {}) => ({
    action,
    details,
    device: "Firefox 140 on Windows",
    byYou: true,
    ...extra,
  });

  it.each([
    [event("SIGN_IN", { method: "password", newDevice: true }), "Signed in from Firefox 140 on Windows — new device"],
    [event("SIGN_IN", { method: "password", newDevice: false }), "Signed in from Firefox 140 on Windows"],
    [event("SIGN_IN", { method: "oauth", provider: "github" }), "Signed in with GitHub from Firefox 140 on Windows"],
    [event("SIGN_IN_FAILED", { reason: "wrong_password" }, { byYou: false }), "Failed sign-in attempt — wrong password"],
    [event("SIGN_IN_FAILED", { reason: "credentials_changed" }, { byYou: false }), "Failed sign-in attempt — the password or email changed while signing in"],
    [event("SIGN_IN_FAILED"), "Failed sign-in attempt"],
    [event("ACCOUNT_LOCKED", {}, { byYou: false }), "Account locked for 15 minutes after too many failed sign-in attempts"],
    [event("PASSWORD_CHANGED", { otherSessionsEnded: 2 }), "Password changed — signed out on 2 other devices"],
    [event("EMAIL_CHANGED", { from: "a@example.com", to: "b@example.com" }), "Email address changed from a@example.com to b@example.com"],
    [event("OAUTH_LINKED", { provider: "google" }), "Google linked for signing in"],
    [event("SESSION_REVOKED", { others: true, ended: 3 }), "Signed out on all other devices (3)"],
    // An administrator's action: never the admin's reason, device or address (the server sends none).
    [event("USER_SUSPENDED", { reason: "Spam" }, { byYou: false, byAdministrator: true, device: null }), "Account suspended by an administrator"],
    [event("SESSION_REVOKED", { ended: 2 }, { byYou: false, byAdministrator: true, device: null }), "Signed out on all devices by an administrator"],
    [event("ROLE_CHANGED", { from: "TRAINEE", to: "ADMIN" }, { byYou: false, byAdministrator: true, device: null }), "Account type changed from Trainee to Admin by an administrator"],
    [event("ROLE_CHANGED", { from: "TRAINEE", to: "INSTRUCTOR" }, { byYou: false }), "Account type changed from Trainee to Instructor"],
    [event("SOMETHING_NEW"), "Account activity"],
  ])("%o reads “%s”", (e, text) => {
    expect(describeSecurityEvent(e).text).toBe(text);
  });

  it("uses the configured label of the enterprise provider", () => {
    expect(describeSecurityEvent(event("OAUTH_UNLINKED", { provider: "oidc" }), [{ id: "oidc", label: "Acme SSO" }]).text).toBe("Acme SSO unlinked");
  });
});

describe("recent security activity", () => {
  type SecurityEvent = Output<"auth.securityEvents">["events"][number];
  const row = (id: string, action: SecurityEvent["action"], details: Record<string, string | boolean> = {}): SecurityEvent => ({
    id,
    action,
    createdAt: new Date(Date.now() - 10 * 60_000),
    ipAddress: "203.0.113.7",
    device: "Firefox 140 on Windows",
    byYou: true,
    byAdministrator: false,
    details,
  });

  it("lists events in words and loads the next page with the cursor", async () => {
    const calls = stubTrpc({
      "auth.securityEvents": (input) =>
        input?.cursor === "e2"
          ? { events: [row("e3", "ACCOUNT_LOCKED")], nextCursor: null }
          : { events: [row("e1", "SIGN_IN", { method: "password", newDevice: true }), row("e2", "SIGN_IN_FAILED")], nextCursor: "e2" },
      "auth.providers": [],
    });
    const user = userEvent.setup();
    renderPage(<SecurityActivitySection />, { url: paths.settingsSecurity, path: paths.settingsSecurity });

    expect(await screen.findByText("Signed in from Firefox 140 on Windows — new device")).toBeInTheDocument();
    expect(screen.getByText("Failed sign-in attempt")).toBeInTheDocument();
    expect(screen.getAllByText("10 minutes ago")[0]).toHaveAttribute("title");
    await user.click(screen.getByRole("button", { name: "Load more" }));
    expect(await screen.findByText("Account locked for 15 minutes after too many failed sign-in attempts")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("button", { name: "Load more" })).not.toBeInTheDocument());
    // (tRPC also sends `direction`, which the server's schema drops.)
    const cursors = inputsOf(calls, "auth.securityEvents").map((i) => i?.cursor);
    expect(cursors).toEqual([undefined, "e2"]);
  });
});

describe("sign-in methods", () => {
  const providers: Output<"auth.providers"> = [
    { id: "google", label: "Google", startUrl: "/auth/oauth/google" },
    { id: "github", label: "GitHub", startUrl: "/auth/oauth/github" },
  ];

  function renderMethods(list: Output<"auth.accounts.list">, url: string = paths.settingsSecurity) {
    const calls = stubTrpc({ "auth.providers": providers, "auth.accounts.list": list });
    renderPage(<SignInMethodsSection />, { url, path: paths.settingsSecurity });
    return calls;
  }

  it("links a provider through the server with intent=link, back to the security page", async () => {
    renderMethods({ hasPassword: true, accounts: [] });
    const link = await screen.findByRole("link", { name: "Link Google" });
    expect(link).toHaveAttribute("href", `/auth/oauth/google?intent=link&next=${encodeURIComponent(paths.settingsSecurity)}`);
    expect(screen.getByText("Set")).toBeInTheDocument();
  });

  it("does not let the last way to sign in be unlinked, and says why", async () => {
    renderMethods({ hasPassword: false, accounts: [{ provider: "google", label: "Google", linkedAt: new Date("2026-01-02T10:00:00Z") }] });
    const unlink = await screen.findByRole("button", { name: "Unlink Google" });
    expect(unlink).toBeDisabled();
    expect(unlink).toHaveAccessibleDescription(expect.stringContaining("This is your only way to sign in"));
    expect(screen.getByText("Not set")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Set a password" })).toHaveAttribute("href", paths.forgotPassword);
  });

  it("unlinks after confirming, and shows the server's refusal in the dialog", async () => {
    const linkedAt = new Date("2026-01-02T10:00:00Z");
    const calls = stubTrpc({
      "auth.providers": providers,
      "auth.accounts.list": {
        hasPassword: false,
        accounts: [
          { provider: "google", label: "Google", linkedAt },
          { provider: "github", label: "GitHub", linkedAt },
        ],
      },
      "auth.accounts.unlink": fail({ code: "BAD_REQUEST", appCode: "LAST_SIGN_IN_METHOD", message: "This is the only way to sign in to your account." }),
    });
    const user = userEvent.setup();
    renderPage(<SignInMethodsSection />, { url: paths.settingsSecurity, path: paths.settingsSecurity });
    await user.click(await screen.findByRole("button", { name: "Unlink GitHub" }));
    const dialog = await screen.findByRole("dialog", { name: "Unlink GitHub?" });
    await user.click(within(dialog).getByRole("button", { name: "Unlink" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("This is the only way to sign in to your account.");
    expect(inputsOf(calls, "auth.accounts.unlink")).toEqual([{ provider: "github" }]);
  });

  it("shows a linking failure the server sent back, and clears it from the address", async () => {
    renderMethods({ hasPassword: true, accounts: [] }, `${paths.settingsSecurity}?oauthError=identity_taken&provider=github`);
    expect(await screen.findByRole("alert")).toHaveTextContent("This GitHub account is already linked to another HireXp account.");
    await waitFor(() => expect(screen.getByLabelText("current location")).toHaveTextContent(new RegExp(`^${paths.settingsSecurity}$`)));
  });

  it("confirms a provider that was just linked", async () => {
    renderMethods(
      { hasPassword: true, accounts: [{ provider: "github", label: "GitHub", linkedAt: new Date("2026-01-02T10:00:00Z") }] },
      `${paths.settingsSecurity}?oauthLinked=github`,
    );
    expect(await screen.findByRole("alert")).toHaveTextContent("You can now sign in with GitHub.");
  });
});

describe("confirm-email-change page", () => {
  it("spends the token once, even under StrictMode, and names the new address", async () => {
    const calls = stubTrpc({
      "auth.confirmEmailChange": { email: "ana.new@example.com", otherSessionsEnded: 1 },
      "auth.me": null,
    });
    renderPage(
      <StrictMode>
        <ConfirmEmailChangePage />
      </StrictMode>,
      { url: `${paths.confirmEmailChange}?token=abcdefghijklmnopqrstuvwxyz234567`, path: paths.confirmEmailChange },
    );
    expect(await screen.findByText("Your email is now ana.new@example.com")).toBeInTheDocument();
    expect(screen.getByText(/signed you out on 1 other device/)).toBeInTheDocument();
    expect(inputsOf(calls, "auth.confirmEmailChange")).toEqual([
      { token: "abcdefghijklmnopqrstuvwxyz234567" },
    ]);
  });

  it("shows why a link did not work, with a way to the security settings", async () => {
    const message = "This email change link is invalid, used or expired. Ask for a new one from your security settings.";
    stubTrpc({
      "auth.confirmEmailChange": fail({ code: "BAD_REQUEST", appCode: "INVALID_TOKEN", message }),
      "auth.me": null,
    });
    renderPage(<ConfirmEmailChangePage />, {
      url: `${paths.confirmEmailChange}?token=abcdefghijklmnopqrstuvwxyz234567`,
      path: paths.confirmEmailChange,
    });
    expect(await screen.findByRole("alert")).toHaveTextContent(message);
    expect(screen.getByRole("link", { name: /security settings/ })).toHaveAttribute("href", paths.settingsSecurity);
  });
});

describe("deactivate form", () => {
  it("needs the password and the typed word before it sends anything", async () => {
    const calls = stubTrpc({});
    const user = userEvent.setup();
    renderPage(
      <CurrentUserContext value={me}>
        <DeactivateForm hasPassword onCancel={() => {}} />
      </CurrentUserContext>,
      { url: paths.settingsSecurity, path: paths.settingsSecurity },
    );
    await user.type(screen.getByLabelText("Type DEACTIVATE to confirm"), "deactivate");
    await user.click(screen.getByRole("button", { name: "Deactivate my account" }));
    expect(await screen.findByText("Enter your password")).toBeInTheDocument();
    expect(screen.getByText("Type DEACTIVATE in capital letters to confirm")).toBeInTheDocument();
    expect(inputsOf(calls, "auth.deactivate")).toEqual([]);
  });

  it("puts a wrong password on the password field", async () => {
    const calls = stubTrpc({
      "auth.deactivate": fail({ code: "BAD_REQUEST", appCode: "INVALID_CREDENTIALS", field: "password", message: "Your current password is not correct." }),
    });
    const user = userEvent.setup();
    renderPage(
      <CurrentUserContext value={me}>
        <DeactivateForm hasPassword onCancel={() => {}} />
      </CurrentUserContext>,
      { url: paths.settingsSecurity, path: paths.settingsSecurity },
    );
    await user.type(screen.getByLabelText("Your password"), "guess");
    await user.type(screen.getByLabelText("Why are you leaving? (optional)"), "Found a job");
    await user.type(screen.getByLabelText("Type DEACTIVATE to confirm"), "DEACTIVATE");
    await user.click(screen.getByRole("button", { name: "Deactivate my account" }));
    expect(await screen.findByText("Your current password is not correct.")).toBeInTheDocument();
    expect(screen.getByLabelText("Your password")).toHaveAttribute("aria-invalid", "true");
    expect(inputsOf(calls, "auth.deactivate")).toEqual([{ password: "guess", reason: "Found a job" }]);
  });
});
