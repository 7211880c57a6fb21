// Route guards. Every decision reads `auth.me` (one cached query):
//   signed out                    → /sign-in?next=<where they were going>
//   signed in, email unconfirmed  → /verify-email-required (and nowhere else)
//   suspended / deactivated       → an explanation and a sign-out button
//   signed in, visiting sign-in or sign-up → the dashboard (or a safe `next`); with an
//                                 `oauthError` → the security settings, which show it
import { startTransition, useEffect, useState, type ReactNode } from "react";
import { Button, Container, Stack, Text } from "@mantine/core";
import { Navigate, Outlet, useLocation, useSearchParams } from "react-router";
import { AuthCard } from "../components/auth-card.tsx";
import { PageLoader } from "../components/page-loader.tsx";
import { QueryError } from "../components/query-error.tsx";
import { CurrentUserContext, isAccountBlocked, needsEmailVerification, useMe, useSignOut, type Me } from "../lib/auth.ts";
import { OAUTH_ERROR_PARAM, OAUTH_PROVIDER_PARAM } from "../lib/oauth.ts";
import { paths, signInWithNext } from "../lib/paths.ts";
import { safeRedirectPath } from "../lib/safe-redirect.ts";
import { VerifyEmailRequiredPage } from "../features/auth/verify-email-required-page.tsx";
import { useHydrated } from "./hydration.ts";
import { PageSuspense } from "./lazy-page.tsx";
import { PublicFrame } from "./public-layout.tsx";
import { dropRoleFrame, useRoleFrame } from "./role-frame.tsx";

type Frame = (props: { children: ReactNode }) => ReactNode;
const Plain: Frame = ({ children }) => <>{children}</>;

/**
 * Loading and error states of `auth.me`, shared by the guards. With `framesPage`, a page
 * prerendered per role (role-frame.tsx) keeps its frame on screen until the page, rendered
 * beside it (hidden), takes its place — for someone of that role for whom `framesPage(me)` says
 * the guard shows the page; for anyone else the frame goes at once.
 */
function WithMe({ children, frame: Frame = Plain, framesPage }: { children: (me: Me | null) => ReactNode; frame?: Frame; framesPage?: (me: Me) => boolean }) {
  const me = useMe();
  // The dashboards are prerendered in this state (shared/prerender.ts): it lasts until the end
  // of hydration, whatever the cache holds by then (hydration.ts).
  const hydrated = useHydrated();
  const known = hydrated && !me.isPending;
  const roleFrame = useRoleFrame();
  // Whether this guard started on a prerendered frame: its tree keeps that shape for its lifetime,
  // so that the page is not mounted again when the frame goes.
  const [framed] = useState(() => framesPage !== undefined && roleFrame !== null);
  const stands = framed && roleFrame !== null && (!known || (me.isSuccess && me.data !== null && me.data.role === roleFrame.role && framesPage!(me.data)));
  // Behind the frame, the page renders as a transition: React renders it in slices that leave
  // the browser free in between (it paints nothing of it until it is all there), rather than in
  // one long task — on a phone, the page's time to respond to a tap.
  const [behindFrame, setBehindFrame] = useState(false);
  useEffect(() => {
    if (framed && known) startTransition(() => setBehindFrame(true));
  }, [framed, known]);
  // A frame that is not this person's page (another role, nobody, a blocked account, an error)
  // is gone for good: a later visit to this path within the app must not bring it back.
  useEffect(() => {
    if (framed && known && !stands && roleFrame !== null) dropRoleFrame();
  }, [framed, known, stands, roleFrame]);

  const error = me.isError && (
    <Frame>
      <Container size={460} py="xl">
        <QueryError title="We could not check whether you are signed in" error={me.error} onRetry={() => void me.refetch()} retrying={me.isFetching} />
      </Container>
    </Frame>
  );
  if (framed) {
    const started = known && behindFrame;
    return (
      <>
        {stands && roleFrame.whole}
        {/* The frame went before the page could start (a wrong hint, nobody, a blocked account):
            the loader, as without a frame, until the page (or the redirect) is ready. */}
        {!stands && !started && (
          <Frame>
            <PageLoader />
          </Frame>
        )}
        <div style={{ display: stands ? "none" : "contents" }}>
          <PageSuspense>{started && (error || children(me.data ?? null))}</PageSuspense>
        </div>
      </>
    );
  }
  if (!known) {
    return (
      <Frame>
        <PageLoader />
      </Frame>
    );
  }
  return error || <PageSuspense>{children(me.data ?? null)}</PageSuspense>;
}

function useHereAsNext(): string {
  const location = useLocation();
  return location.pathname + location.search + location.hash;
}

/** Signed in, active and verified: the app's own pages. */
export function RequireVerifiedUser() {
  const here = useHereAsNext();
  return (
    <WithMe frame={PublicFrame} framesPage={(me) => !isAccountBlocked(me) && !needsEmailVerification(me)}>
      {(me) => {
        if (!me) return <Navigate to={signInWithNext(here)} replace />;
        if (isAccountBlocked(me)) {
          return (
            <PublicFrame>
              <AccountUnavailable me={me} />
            </PublicFrame>
          );
        }
        if (needsEmailVerification(me)) return <Navigate to={paths.verifyEmailRequired} replace />;
        return (
          <CurrentUserContext value={me}>
            <Outlet />
          </CurrentUserContext>
        );
      }}
    </WithMe>
  );
}

/** The verify-your-email gate: only for signed-in people whose email is not confirmed. */
export function VerifyEmailGate() {
  const here = useHereAsNext();
  return (
    <WithMe>
      {(me) => {
        if (!me) return <Navigate to={signInWithNext(here)} replace />;
        if (isAccountBlocked(me)) return <AccountUnavailable me={me} />;
        if (!needsEmailVerification(me)) return <Navigate to={paths.dashboard} replace />;
        return <VerifyEmailRequiredPage me={me} />;
      }}
    </WithMe>
  );
}

const GUEST_PAGES: string[] = [paths.signIn, paths.signUp];

/**
 * Sign-in and sign-up: someone already signed in goes on to where they were headed. While
 * `auth.me` is on its way (index.html preloads it), the page itself shows rather than a loader:
 * most people here are signed out, the form is then the first thing painted (Lighthouse's
 * largest contentful paint), and what they type is kept (the outlet stays mounted). The same
 * holds while a prerendered sign-in page hydrates (hydration.ts): a signed-in visitor is sent on
 * right after.
 */
export function GuestOnly() {
  const me = useMe();
  const hydrated = useHydrated();
  if (!hydrated || me.isPending || (me.isSuccess && !me.data)) return <Outlet />;
  return <SignedInGuest />;
}

function SignedInGuest() {
  const [params] = useSearchParams();
  return (
    <WithMe>
      {(me) => {
        if (!me) return <Outlet />;
        // A provider step that failed while signed in was, most likely, linking a provider
        // from the settings: show its message there rather than dropping it.
        const oauthError = params.get(OAUTH_ERROR_PARAM);
        if (oauthError) {
          const forward = new URLSearchParams({ [OAUTH_ERROR_PARAM]: oauthError });
          const provider = params.get(OAUTH_PROVIDER_PARAM);
          if (provider) forward.set(OAUTH_PROVIDER_PARAM, provider);
          return <Navigate to={`${paths.settingsSecurity}?${forward.toString()}`} replace />;
        }
        let next = safeRedirectPath(params.get("next"), paths.dashboard);
        if (GUEST_PAGES.includes(new URL(next, "https://x.invalid").pathname)) next = paths.dashboard;
        return <Navigate to={next} replace />;
      }}
    </WithMe>
  );
}

function AccountUnavailable({ me }: { me: Me }) {
  const { signOut, pending } = useSignOut();
  const suspended = me.status === "SUSPENDED";
  return (
    <AuthCard title={suspended ? "This account is suspended" : "This account is deactivated"}>
      <Stack gap="sm">
        <Text>
          {suspended
            ? "An administrator suspended this account, so it cannot be used for now. Contact support if you think this is a mistake."
            : "This account was deactivated. Contact support to reactivate it."}
        </Text>
        <Button onClick={signOut} loading={pending}>
          Sign out
        </Button>
      </Stack>
    </AuthCard>
  );
}
