import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { EmailChangeSection } from "../../client/features/settings/email-change-section.tsx";
import { CurrentUserContext, type Me } from "../../client/lib/auth.ts";
import { paths } from "../../client/lib/paths.ts";
import { fail, inputsOf, stubTrpc, type Output, type StubCall, type StubMap } from "./trpc-stub.ts";
import { renderPage } from "./render-page.tsx";

const me: Me = { id: "u1", email: "ana@example.com", role: "TRAINEE", status: "ACTIVE", emailVerified: new Date(), name: "Ana", hasPassword: true, adminLevel: null };

function renderEmailChange(stubs: StubMap) {
  const calls = stubTrpc(stubs);
  renderPage(
    <CurrentUserContext value={me}>
      <EmailChangeSection />
    </CurrentUserContext>,
    { url: paths.settingsSecurity, path: paths.settingsSecurity },
  );
  return calls;
}

const accounts = (hasPassword: boolean): Output<"auth.accounts.list"> => ({
  hasPassword,
  accounts: hasPassword ? [] : [{ provider: "google", label: "Google", linkedAt: new Date("2026-01-02T10:00:00Z") }],
});

const requests = (calls: StubCall[]) => inputsOf(calls, "auth.requestEmailChange");

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("email change form", () => {
  it("asks for the current password when the account has one, and sends it", async () => {
    const calls = renderEmailChange({
      "auth.accounts.list": accounts(true),
      "auth.requestEmailChange": { sentTo: "ana.new@example.com" },
    });
    const user = userEvent.setup();
    expect(screen.getByText("ana@example.com")).toBeInTheDocument();
    await user.type(await screen.findByLabelText("New email address"), "Ana.New@Example.com");
    await user.type(screen.getByLabelText("Current password"), "practice makes progress");
    await user.click(screen.getByRole("button", { name: "Send confirmation link" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("We sent a link to ana.new@example.com. Your email changes when you open it.");
    expect(requests(calls)).toEqual([{ newEmail: "Ana.New@Example.com", password: "practice makes progress" }]);
    // The form is empty again.
    expect(screen.getByLabelText("New email address")).toHaveValue("");
  });

  it("has no password field for an account without a password, and sends no password", async () => {
    const calls = renderEmailChange({
      "auth.accounts.list": accounts(false),
      "auth.requestEmailChange": { sentTo: "ana.new@example.com" },
    });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("New email address"), "ana.new@example.com");
    expect(screen.queryByLabelText("Current password")).not.toBeInTheDocument();
    expect(screen.getByText(/we ask for a recent sign-in instead/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Send confirmation link" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("We sent a link to ana.new@example.com.");
    expect(requests(calls)).toEqual([{ newEmail: "ana.new@example.com" }]);
  });

  it("shows the server's wrong-password error next to the password field", async () => {
    const message = "Your current password is not correct.";
    renderEmailChange({
      "auth.accounts.list": accounts(true),
      "auth.requestEmailChange": fail({ code: "BAD_REQUEST", appCode: "INVALID_CREDENTIALS", field: "password", message }),
    });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("New email address"), "ana.new@example.com");
    await user.type(screen.getByLabelText("Current password"), "not my password");
    await user.click(screen.getByRole("button", { name: "Send confirmation link" }));

    const password = screen.getByLabelText("Current password");
    await waitFor(() => expect(password).toHaveAttribute("aria-invalid", "true"));
    expect(password).toHaveAccessibleDescription(expect.stringContaining(message));
    await waitFor(() => expect(password).toHaveFocus());
    // Shown on the field, not as a general alert.
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("checks the fields before sending", async () => {
    const calls = renderEmailChange({ "auth.accounts.list": accounts(true) });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("New email address"), "ANA@example.com");
    await user.click(screen.getByRole("button", { name: "Send confirmation link" }));
    expect(await screen.findByText("That is already your email address")).toBeInTheDocument();
    expect(screen.getByText("Enter your current password")).toBeInTheDocument();
    expect(requests(calls)).toEqual([]);
  });

  it("tells a password-less account with an old sign-in to sign in again", async () => {
    renderEmailChange({
      "auth.accounts.list": accounts(false),
      "auth.requestEmailChange": fail({
        code: "FORBIDDEN",
        appCode: "REAUTH_REQUIRED",
        message: "For your security, sign out and sign in again, then retry within 15 minutes.",
      }),
    });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("New email address"), "ana.new@example.com");
    await user.click(screen.getByRole("button", { name: "Send confirmation link" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("sign out and sign in again, then retry within 15 minutes");
    expect(screen.getByRole("button", { name: "Sign out and sign in again" })).toBeInTheDocument();
  });
});
