import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { SessionsSection } from "../../client/features/settings/sessions-section.tsx";
import { paths } from "../../client/lib/paths.ts";
import { fail, inputsOf, stubTrpc, type Output } from "./trpc-stub.ts";
import { renderPage } from "./render-page.tsx";

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
const future = new Date(Date.now() + 30 * 86_400_000);

type Session = Output<"auth.sessions.list">[number];

const THIS_ONE: Session = {
  id: "s-here",
  device: "Firefox 140 on Windows",
  userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0",
  ipAddress: "203.0.113.7",
  createdAt: minutesAgo(90),
  lastSeenAt: minutesAgo(1),
  expires: future,
  current: true,
};
const PHONE: Session = {
  id: "s-phone",
  device: "Safari 18 on iOS",
  userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
  ipAddress: "198.51.100.4",
  createdAt: minutesAgo(3 * 24 * 60),
  lastSeenAt: minutesAgo(5 * 60),
  expires: future,
  current: false,
};
const LAPTOP: Session = { ...PHONE, id: "s-laptop", device: "Chrome 156 on Linux", userAgent: null, ipAddress: null };

function renderSessions() {
  return renderPage(<SessionsSection />, { url: paths.settingsSecurity, path: paths.settingsSecurity });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("sessions table", () => {
  it("lists every session and marks the current one with a “This device” badge", async () => {
    stubTrpc({ "auth.sessions.list": [THIS_ONE, PHONE, LAPTOP] });
    renderSessions();

    const table = await screen.findByRole("table");
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(3);
    expect(within(rows[0]!).getByText("Firefox 140 on Windows")).toBeInTheDocument();
    expect(within(rows[0]!).getByText("This device")).toBeInTheDocument();
    expect(within(rows[0]!).getByText("203.0.113.7")).toBeInTheDocument();
    expect(within(rows[1]!).queryByText("This device")).not.toBeInTheDocument();
    expect(within(rows[1]!).getByText("5 hours ago")).toHaveAttribute("title");
    expect(within(rows[2]!).getByText("Unknown")).toBeInTheDocument();
    expect(screen.getAllByText("This device")).toHaveLength(1);
    // Each row's button names its device.
    expect(screen.getByRole("button", { name: "Sign out this device" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Sign out Safari 18 on iOS" })).toBeInTheDocument();
  });

  it("“Sign out all other devices” calls revokeOthers, then shows the shorter list", async () => {
    let others = [PHONE, LAPTOP];
    const calls = stubTrpc({
      "auth.sessions.list": () => [THIS_ONE, ...others],
      "auth.sessions.revokeOthers": () => {
        const ended = others.length;
        others = [];
        return { ended };
      },
    });
    renderSessions();

    const button = await screen.findByRole("button", { name: "Sign out all other devices" });
    expect(button).toBeEnabled();
    await userEvent.setup().click(button);

    await waitFor(() => expect(inputsOf(calls, "auth.sessions.revokeOthers")).toHaveLength(1));
    await waitFor(() => expect(screen.queryByText("Safari 18 on iOS")).not.toBeInTheDocument());
    expect(screen.getByText("You are signed in only on this device.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Sign out all other devices" })).toBeDisabled();
    // Nothing else was signed out: the current session was not revoked.
    expect(inputsOf(calls, "auth.sessions.revoke")).toEqual([]);
  });

  it("disables “Sign out all other devices” when this is the only session", async () => {
    const calls = stubTrpc({ "auth.sessions.list": [THIS_ONE] });
    renderSessions();
    const button = await screen.findByRole("button", { name: "Sign out all other devices" });
    expect(button).toBeDisabled();
    expect(screen.getByText("You are signed in only on this device.")).toBeInTheDocument();
    expect(inputsOf(calls, "auth.sessions.revokeOthers")).toEqual([]);
  });

  it("signs out one other device by its id", async () => {
    let rows = [THIS_ONE, PHONE, LAPTOP];
    const calls = stubTrpc({
      "auth.sessions.list": () => rows,
      "auth.sessions.revoke": (input) => {
        rows = rows.filter((r) => r.id !== input?.id);
        return { current: false };
      },
    });
    renderSessions();
    await userEvent.setup().click(await screen.findByRole("button", { name: "Sign out Safari 18 on iOS" }));
    await waitFor(() => expect(screen.queryByText("Safari 18 on iOS")).not.toBeInTheDocument());
    expect(inputsOf(calls, "auth.sessions.revoke")).toEqual([{ id: "s-phone" }]);
    expect(screen.getByText("Chrome 156 on Linux")).toBeInTheDocument();
  });

  it("asks before signing out the current device, and sends nothing on Cancel", async () => {
    const calls = stubTrpc({ "auth.sessions.list": [THIS_ONE, PHONE] });
    const user = userEvent.setup();
    renderSessions();
    await user.click(await screen.findByRole("button", { name: "Sign out this device" }));
    const dialog = await screen.findByRole("dialog", { name: "Sign out of this device?" });
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(inputsOf(calls, "auth.sessions.revoke")).toEqual([]);
  });

  it("shows why the list could not be loaded, with a way to try again", async () => {
    stubTrpc({
      "auth.sessions.list": fail({ code: "TOO_MANY_REQUESTS", appCode: "RATE_LIMITED", message: "Too many attempts. Try again in 30 seconds." }),
    });
    renderSessions();
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("We could not load your devices");
    expect(alert).toHaveTextContent("Too many attempts. Try again in 30 seconds.");
    expect(within(alert).getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });
});
