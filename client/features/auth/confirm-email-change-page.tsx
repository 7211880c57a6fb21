import { useEffect, useRef } from "react";
import { Button, Stack, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { AuthCard } from "../../components/auth-card.tsx";
import { FormAlert } from "../../components/form-alert.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { resetSessionCache, useMe } from "../../lib/auth.ts";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths } from "../../lib/paths.ts";
import { errorMessage, fieldErrorsOf, trpc } from "../../lib/trpc.ts";

/** Opened from the link mailed to the new address: makes it the sign-in email, once, on load. */
export function ConfirmEmailChangePage() {
  const [params] = useSearchParams();
  const token = params.get("token")?.trim() ?? "";
  const me = useMe();
  const confirm = useMutation({
    ...trpc.auth.confirmEmailChange.mutationOptions(),
    // Signed in here: the header and settings show the new address.
    onSuccess: () => void resetSessionCache(),
  });

  // A token is single use. React 19 StrictMode runs effects twice in development, so a ref
  // makes sure the link is spent exactly once per page load.
  const started = useRef(false);
  useEffect(() => {
    if (started.current || !token) return;
    started.current = true;
    confirm.mutate({ token });
  }, [token, confirm]);

  const title = !token ? "Link incomplete" : confirm.isSuccess ? "Email changed" : confirm.isError ? "Link not valid" : "Changing your email";
  usePageTitle(title);
  const signedIn = Boolean(me.data);

  if (!token) {
    return (
      <AuthCard title="This link is incomplete" description="The address is missing its confirmation code.">
        <Text size="sm">Open the link from the mail again, or copy the whole address into the browser.</Text>
        <ToSecuritySettings signedIn={signedIn} />
      </AuthCard>
    );
  }

  if (confirm.isSuccess) {
    const { email, otherSessionsEnded } = confirm.data;
    return (
      <AuthCard title="Email changed">
        <FormAlert color="teal" title={`Your email is now ${email}`}>
          {signedIn ? "Use it the next time you sign in." : "Sign in with it from now on."}
          {otherSessionsEnded > 0 &&
            ` For your safety we signed you out on ${otherSessionsEnded} other ${otherSessionsEnded === 1 ? "device" : "devices"}.`}
        </FormAlert>
        {signedIn ? (
          <Button component={Link} to={paths.settingsSecurity} fullWidth>
            Back to security settings
          </Button>
        ) : (
          <Button component={Link} to={paths.signIn} fullWidth>
            Sign in
          </Button>
        )}
      </AuthCard>
    );
  }

  if (confirm.isError) {
    return (
      <AuthCard title="We could not change your email">
        <FormAlert title="This link did not work">{fieldErrorsOf(confirm.error).token ?? errorMessage(confirm.error)}</FormAlert>
        <Text size="sm">Your email address has not changed. You can ask for a new link from your security settings.</Text>
        <ToSecuritySettings signedIn={signedIn} />
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Changing your email">
      <PageLoader label="Confirming your new email address…" />
    </AuthCard>
  );
}

function ToSecuritySettings({ signedIn }: { signedIn: boolean }) {
  return (
    <Stack gap="xs">
      <Button component={Link} to={paths.settingsSecurity} fullWidth>
        {signedIn ? "Go to security settings" : "Sign in to security settings"}
      </Button>
    </Stack>
  );
}
