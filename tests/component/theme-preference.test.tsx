// The theme chosen in the profile is applied by the signed-in frame (app-shell-layout.tsx), once:
// Mantine's setColorScheme disables transitions across the whole document each time it is called
// (a style element in <head>, a style recalculation), so calling it again for the scheme already
// applied, on every render of the frame, made the dashboards' first render one long task (issue 13).
import { afterEach, describe, expect, it, vi } from "vitest";
import { configure, screen, waitFor } from "@testing-library/react";
import { AppShellLayout } from "../../client/app/app-shell-layout.tsx";
import { CurrentUserContext, type Me } from "../../client/lib/auth.ts";
import { paths } from "../../client/lib/paths.ts";
import { queryClient, trpc } from "../../client/lib/trpc.ts";
import { stubTrpc, type Output } from "./trpc-stub.ts";
import { renderPage } from "./render-page.tsx";
import { profileAnswer } from "./fixtures.ts";

configure({ asyncUtilTimeout: 5000 });

type Profile = Output<"profile.get">;
type Theme = Profile["preferences"]["theme"];

const me: Me = { id: "u1", email: "sam@example.com", role: "TRAINEE", status: "ACTIVE", emailVerified: new Date(), name: "Sam Rivera", hasPassword: true, adminLevel: null };

const profile = (theme: Theme): Profile => profileAnswer({ preferences: { ...profileAnswer().preferences, theme } });

/** How many times Mantine disabled transitions (one style element per setColorScheme call). */
function countSchemeChanges(): { count: number; stop: () => void } {
  const seen = { count: 0, stop: () => observer.disconnect() };
  const observer = new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n instanceof HTMLElement && n.dataset.mantineDisableTransition) seen.count++;
  });
  observer.observe(document.head, { childList: true });
  return seen;
}

function renderFrame() {
  return renderPage(
    <CurrentUserContext value={me}>
      <AppShellLayout />
    </CurrentUserContext>,
    { url: paths.dashboard, path: paths.dashboard, outlet: <p>The page</p> },
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
  document.documentElement.setAttribute("data-mantine-color-scheme", "light");
});

describe("the profile's theme", () => {
  it("is applied when it differs from the scheme shown, and not again when the profile is fetched again", async () => {
    let theme: Theme = "dark";
    const calls = stubTrpc({ "profile.get": () => profile(theme) });
    const changes = countSchemeChanges();
    renderFrame();
    await screen.findByText("The page");
    await waitFor(() => expect(document.documentElement).toHaveAttribute("data-mantine-color-scheme", "dark"));
    expect(changes.count).toBe(1);

    // The profile is fetched again (as after saving it elsewhere): same theme, nothing to apply.
    await queryClient.invalidateQueries({ queryKey: trpc.profile.get.queryKey() });
    await waitFor(() => expect(calls.filter((c) => c.path === "profile.get")).toHaveLength(2));
    expect(changes.count).toBe(1);

    // A new theme in the profile is applied.
    theme = "light";
    await queryClient.invalidateQueries({ queryKey: trpc.profile.get.queryKey() });
    await waitFor(() => expect(document.documentElement).toHaveAttribute("data-mantine-color-scheme", "light"));
    expect(changes.count).toBe(2);
    changes.stop();
  });

  it("is not applied again when it is the scheme already shown", async () => {
    stubTrpc({ "profile.get": profile("light") });
    const changes = countSchemeChanges();
    renderFrame();
    await screen.findByText("The page");
    await waitFor(() => expect(queryClient.getQueryData(trpc.profile.get.queryKey())).toBeDefined());
    expect(changes.count).toBe(0);
    changes.stop();
  });
});
