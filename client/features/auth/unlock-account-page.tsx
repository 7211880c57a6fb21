import { Button, Stack, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { AuthCard } from "../../components/auth-card.tsx";
import { FormAlert } from "../../components/form-alert.tsx";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths } from "../../lib/paths.ts";
import { errorMessage, fieldErrorsOf, trpc } from "../../lib/trpc.ts";

/**
 * Opened from the lockout mail. The link is spent only when the person presses the button
 * (mail scanners that open links do not use it up), and it unlocks the account without
 * signing in: the password is still needed.
 */
export function UnlockAccountPage() {
  const [params] = useSearchParams();
  const token = params.get("token")?.trim() ?? "";
  const unlock = useMutation(trpc.auth.unlockAccount.mutationOptions());
  usePageTitle(unlock.isSuccess ? "Account unlocked" : "Unlock your account");

  if (!token) {
    return (
      <AuthCard title="This unlock link is invalid" description="The address is missing its code.">
        <Text size="sm">Open the link from the mail again, or reset your password from the sign-in page.</Text>
        <Button component={Link} to={paths.forgotPassword} variant="light" fullWidth>
          Reset my password
        </Button>
      </AuthCard>
    );
  }

  if (unlock.isSuccess) {
    return (
      <AuthCard title="Account unlocked" description="You can sign in again now.">
        <FormAlert color="teal" title="Sign-in is open again">
          Sign in with your password. If you did not cause the lock, consider choosing a new password.
        </FormAlert>
        <Button component={Link} to={paths.signIn} fullWidth>
          Sign in
        </Button>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Unlock your account" description="Too many wrong passwords paused sign-in to your account.">
      <Stack gap="md">
        {unlock.isError && (
          <FormAlert title="This link did not work">{fieldErrorsOf(unlock.error).token ?? errorMessage(unlock.error)}</FormAlert>
        )}
        <Text size="sm">Unlock it now, then sign in with your password.</Text>
        <Button onClick={() => unlock.mutate({ token })} loading={unlock.isPending} disabled={unlock.isError} fullWidth>
          Unlock my account
        </Button>
        {unlock.isError && (
          <Button component={Link} to={paths.forgotPassword} variant="light" fullWidth>
            Reset my password
          </Button>
        )}
      </Stack>
    </AuthCard>
  );
}
