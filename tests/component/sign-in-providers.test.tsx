import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import { SignInPage } from "../../client/features/auth/sign-in-page.tsx";
import { useProviders } from "../../client/lib/oauth.ts";
import { paths } from "../../client/lib/paths.ts";
import { stubTrpc, type Output } from "./trpc-stub.ts";
import { renderPage } from "./render-page.tsx";

const PROVIDERS: Output<"auth.providers"> = [
  { id: "google", label: "Google", startUrl: "/auth/oauth/google" },
  { id: "oidc", label: "Acme SSO", startUrl: "/auth/oauth/oidc" },
];

function withProviders(list: Output<"auth.providers">) {
  return stubTrpc({ "auth.providers": list });
}

/**
 * Reads the same providers query as the page and says when its answer is in. React Query
 * hands an answer to every observer of a query in one batch, so by the time this shows it,
 * the page has rendered with the same answer.
 */
function ProvidersAnswer() {
  const providers = useProviders();
  return <output aria-label="providers answer">{providers.isSuccess ? `${providers.data.length} providers` : "waiting"}</output>;
}

function renderSignIn(url: string = paths.signIn) {
  return renderPage(
    <>
      <SignInPage />
      <ProvidersAnswer />
    </>,
    { url, path: paths.signIn },
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("sign-in page: provider buttons", () => {
  it("offers each configured provider by its label, passing a safe `next` along", async () => {
    withProviders(PROVIDERS);
    renderSignIn(`${paths.signIn}?next=${encodeURIComponent("/settings/profile?tab=links")}`);

    const google = await screen.findByRole("link", { name: "Continue with Google" });
    expect(google).toHaveAttribute("href", `/auth/oauth/google?next=${encodeURIComponent("/settings/profile?tab=links")}`);
    // The OpenID Connect provider is named by its configured label.
    expect(screen.getByRole("link", { name: "Continue with Acme SSO" })).toHaveAttribute(
      "href",
      `/auth/oauth/oidc?next=${encodeURIComponent("/settings/profile?tab=links")}`,
    );
    expect(screen.getByText("or")).toBeInTheDocument();
  });

  it("never passes on a `next` that leads to another site", async () => {
    withProviders(PROVIDERS);
    renderSignIn(`${paths.signIn}?next=${encodeURIComponent("//evil.com/phish")}`);
    const google = await screen.findByRole("link", { name: "Continue with Google" });
    expect(google).toHaveAttribute("href", `/auth/oauth/google?next=${encodeURIComponent(paths.dashboard)}`);
    expect(google.getAttribute("href")).not.toContain("evil");
  });

  it("shows no divider and no buttons when no provider is configured", async () => {
    withProviders([]);
    renderSignIn();
    await waitFor(() => expect(screen.getByRole("status", { name: "providers answer" })).toHaveTextContent("0 providers"));
    expect(screen.queryByRole("link", { name: /^Continue with/ })).not.toBeInTheDocument();
    expect(screen.queryByText("or")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Sign in" })).toBeInTheDocument();
  });
});

describe("sign-in page: provider errors", () => {
  it("explains link_required, naming the provider", async () => {
    withProviders(PROVIDERS);
    renderSignIn(`${paths.signIn}?oauthError=link_required&provider=google`);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("This email already has an account");
    await waitFor(() =>
      expect(alert).toHaveTextContent(
        "An account with this email exists. Sign in with your password, then link Google from Security settings.",
      ),
    );
    // The form is still there to sign in with the password.
    expect(screen.getByLabelText("Password")).toBeInTheDocument();
  });

  it.each([
    ["denied", "Sign-in was cancelled at the provider. Nothing was changed."],
    ["state", "The sign-in took too long, or was started in another tab or browser. Please try again."],
    ["email_unverified", "is not verified yet"],
    ["account_inactive", "This account is suspended or deactivated."],
    ["provider_off", "This sign-in option is not available."],
    ["rate_limited", "Too many sign-in attempts. Please wait a few minutes and try again."],
    ["exchange", "The provider did not confirm the sign-in. Please try again."],
    ["link_required", "then link the provider from Security settings."],
  ])("shows a human message for oauthError=%s", async (code, text) => {
    withProviders([]);
    renderSignIn(`${paths.signIn}?oauthError=${code}`);
    expect(await screen.findByRole("alert")).toHaveTextContent(text);
  });

  it("shows a generic sentence for an unknown code, never the code itself", async () => {
    withProviders([]);
    renderSignIn(`${paths.signIn}?oauthError=constructor`);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Something went wrong with the provider. Please try again.");
    expect(alert).not.toHaveTextContent("constructor");
  });
});
