import { useEffect, useRef } from "react";
import { Button, Stack, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { AuthCard } from "../../components/auth-card.tsx";
import { FormAlert } from "../../components/form-alert.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { needsEmailVerification, resetSessionCache, useMe, type Me } from "../../lib/auth.ts";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths } from "../../lib/paths.ts";
import { appCodeOf, errorMessage, fieldErrorsOf, trpc, trpcCodeOf } from "../../lib/trpc.ts";
import { ResendVerification } from "./resend-verification.tsx";

/** Opened from the mailed link: confirms the address once, on load. */
export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const token = params.get("token")?.trim() ?? "";
  const me = useMe();
  const verify = useMutation({
    ...trpc.auth.verifyEmail.mutationOptions(),
    // The person may be signed in in this browser: their account just became verified.
    onSuccess: () => void resetSessionCache(),
  });

  // A token is single use. React 19 StrictMode runs effects twice in development, so a ref
  // makes sure the link is spent exactly once per page load.
  const started = useRef(false);
  useEffect(() => {
    if (started.current || !token) return;
    started.current = true;
    verify.mutate({ token });
  }, [token, verify]);

  // A token the server refuses (used, expired, unknown, or not even token-shaped such as
  // ?token=bogus) is an invalid or expired link; "incomplete" is only for a URL with no token.
  const invalidLink =
    verify.isError && (appCodeOf(verify.error) === "INVALID_TOKEN" || (trpcCodeOf(verify.error) === "BAD_REQUEST" && "token" in fieldErrorsOf(verify.error)));
  const title = !token ? "Link incomplete" : verify.isSuccess ? "Email verified" : invalidLink ? "Link invalid or expired" : verify.isError ? "Email not verified" : "Verifying your email";
  usePageTitle(title);

  if (!token) {
    return (
      <AuthCard title="This link is incomplete" description="The address is missing its verification code.">
        <Text size="sm">Open the link from the mail again, or copy the whole address into the browser.</Text>
        <NextStep me={me.data ?? null} />
      </AuthCard>
    );
  }

  if (verify.isSuccess) {
    const signedIn = Boolean(me.data);
    return (
      <AuthCard title="Email verified" description={`Thank you. ${verify.data.email} is confirmed.`}>
        <FormAlert color="teal" title="Your account is active">
          {signedIn ? "You can go on to your dashboard." : "Sign in to start practising."}
        </FormAlert>
        {signedIn ? (
          <Button component={Link} to={paths.dashboard} fullWidth>
            Go to your dashboard
          </Button>
        ) : (
          <Button component={Link} to={paths.signIn} fullWidth>
            Sign in
          </Button>
        )}
      </AuthCard>
    );
  }

  if (invalidLink) {
    return (
      <AuthCard title="This link is invalid or has expired" description="A verification link works once, for 24 hours.">
        <FormAlert title="We could not verify your email">
          This verification link is invalid, already used or expired. Ask for a new one.
        </FormAlert>
        <NextStep me={me.data ?? null} />
      </AuthCard>
    );
  }

  if (verify.isError) {
    return (
      <AuthCard title="We could not verify your email">
        <FormAlert title="This did not work">{errorMessage(verify.error)}</FormAlert>
        <NextStep me={me.data ?? null} />
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Verifying your email">
      <PageLoader label="Confirming your email address…" />
    </AuthCard>
  );
}

function NextStep({ me }: { me: Me | null }) {
  if (me && !needsEmailVerification(me)) {
    return (
      <Stack gap="xs">
        <Text size="sm">Your email address is already confirmed.</Text>
        <Button component={Link} to={paths.dashboard} fullWidth>
          Go to your dashboard
        </Button>
      </Stack>
    );
  }
  if (me) {
    return (
      <Stack gap="xs">
        <Text size="sm">You are signed in as {me.email}: we can send you a new link.</Text>
        <ResendVerification email={me.email} />
      </Stack>
    );
  }
  return (
    <Stack gap="xs">
      <Text size="sm">To get a new link, sign in: we will offer to send you one.</Text>
      <Button component={Link} to={paths.signIn} fullWidth>
        Sign in
      </Button>
    </Stack>
  );
}
