// Settings → Security → your data: "Download my data" saves the server's JSON as a file, and
// "Delete my account" needs the password and the typed word before it sends anything, shows a
// wrong password on its field, asks a password-less account to sign in again when the server
// says so, and goes to /account-deleted when done.
import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { DeleteAccountForm, DownloadDataSection } from "../../client/features/settings/your-data-section.tsx";
import { CurrentUserContext, type Me } from "../../client/lib/auth.ts";
import { paths } from "../../client/lib/paths.ts";
import { fail, inputsOf, stubTrpc } from "./trpc-stub.ts";
import { renderPage } from "./render-page.tsx";

const me: Me = { id: "u1", email: "ana@example.com", role: "TRAINEE", status: "ACTIVE", emailVerified: new Date(), name: "Ana", hasPassword: true, adminLevel: null };

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function renderForm(hasPassword: boolean) {
  renderPage(
    <CurrentUserContext value={me}>
      <DeleteAccountForm hasPassword={hasPassword} onCancel={() => {}} />
    </CurrentUserContext>,
    { url: paths.settingsSecurity, path: paths.settingsSecurity },
  );
}

describe("download my data", () => {
  it("asks the server for the export and saves its JSON under the server's file name", async () => {
    const json = JSON.stringify({ format: "hirexp-export/1", account: { email: "ana@example.com" } });
    const calls = stubTrpc({ "account.export": { fileName: "hirexp-data-2026-12-06.json", json, bytes: json.length } });
    const blobs: Blob[] = [];
    const createObjectURL = vi.fn((b: Blob) => {
      blobs.push(b);
      return "blob:export";
    });
    vi.stubGlobal("URL", Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const downloads: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(`${this.download} ${this.href}`);
    });
    const user = userEvent.setup();
    renderPage(<DownloadDataSection />, { url: paths.settingsSecurity, path: paths.settingsSecurity });
    await user.click(screen.getByRole("button", { name: "Download my data" }));
    expect(await screen.findByText(/Your file hirexp-data-2026-12-06\.json .* is downloaded/)).toBeInTheDocument();
    expect(downloads).toEqual(["hirexp-data-2026-12-06.json blob:export"]);
    expect(await blobs[0]!.text()).toBe(json);
    expect(blobs[0]!.type).toBe("application/json");
    expect(inputsOf(calls, "account.export")).toHaveLength(1);
  });

  it("says so when the export fails", async () => {
    stubTrpc({ "account.export": fail({ code: "TOO_MANY_REQUESTS", message: "Too many exports; try again in an hour." }) });
    const user = userEvent.setup();
    renderPage(<DownloadDataSection />, { url: paths.settingsSecurity, path: paths.settingsSecurity });
    await user.click(screen.getByRole("button", { name: "Download my data" }));
    expect(await screen.findByText("We could not prepare your data")).toBeInTheDocument();
    expect(screen.getByText("Too many exports; try again in an hour.")).toBeInTheDocument();
  });
});

describe("delete my account", () => {
  it("needs the password and the typed word before it sends anything", async () => {
    const calls = stubTrpc({});
    const user = userEvent.setup();
    renderForm(true);
    await user.type(screen.getByLabelText("Type DELETE to confirm"), "delete");
    await user.click(screen.getByRole("button", { name: "Delete my account for good" }));
    expect(await screen.findByText("Enter your password")).toBeInTheDocument();
    expect(screen.getByText("Type DELETE in capital letters to confirm")).toBeInTheDocument();
    expect(inputsOf(calls, "account.delete")).toEqual([]);
  });

  it("puts a wrong password on the password field", async () => {
    const calls = stubTrpc({
      "account.delete": fail({ code: "BAD_REQUEST", appCode: "INVALID_CREDENTIALS", field: "password", message: "Your current password is not correct." }),
    });
    const user = userEvent.setup();
    renderForm(true);
    await user.type(screen.getByLabelText("Your password"), "guess");
    await user.type(screen.getByLabelText("Type DELETE to confirm"), "DELETE");
    await user.click(screen.getByRole("button", { name: "Delete my account for good" }));
    expect(await screen.findByText("Your current password is not correct.")).toBeInTheDocument();
    expect(screen.getByLabelText("Your password")).toHaveAttribute("aria-invalid", "true");
    expect(inputsOf(calls, "account.delete")).toEqual([{ password: "guess" }]);
  });

  it("asks an account without a password to sign in again when its sign-in is too old", async () => {
    const calls = stubTrpc({
      "account.delete": fail({ code: "FORBIDDEN", appCode: "REAUTH_REQUIRED", message: "For your security, sign out and sign in again, then retry within 15 minutes." }),
    });
    const user = userEvent.setup();
    renderForm(false);
    expect(screen.queryByLabelText("Your password")).toBeNull();
    await user.type(screen.getByLabelText("Type DELETE to confirm"), "DELETE");
    await user.click(screen.getByRole("button", { name: "Delete my account for good" }));
    expect(await screen.findByText("Please sign in again first")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Sign out and sign in again" })).toBeInTheDocument();
    expect(inputsOf(calls, "account.delete")).toEqual([{}]);
  });

  it("goes to the account-deleted page once deleted", async () => {
    stubTrpc({ "account.delete": { deleted: true } });
    const replace = vi.fn();
    vi.stubGlobal("location", { ...window.location, replace });
    const user = userEvent.setup();
    renderForm(true);
    await user.type(screen.getByLabelText("Your password"), "practice makes progress");
    await user.type(screen.getByLabelText("Type DELETE to confirm"), "DELETE");
    await user.click(screen.getByRole("button", { name: "Delete my account for good" }));
    await waitFor(() => expect(replace).toHaveBeenCalledWith(paths.accountDeleted));
  });
});
