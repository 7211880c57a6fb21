import { Button, Stack, Text } from "@mantine/core";
import { FormAlert } from "../../components/form-alert.tsx";
import { useSignOut } from "../../lib/auth.ts";
import { paths } from "../../lib/paths.ts";

/**
 * Accounts without a password prove it is them by a recent sign-in (15 minutes). When theirs
 * is older, the server answers REAUTH_REQUIRED: offer to sign out and back in, returning here.
 */
export function ReauthRequired({ message }: { message: string }) {
  const { signOut, pending } = useSignOut({ next: paths.settingsSecurity });
  return (
    <FormAlert color="yellow" title="Please sign in again first">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{message}</Text>
        <Button size="xs" variant="white" color="dark" onClick={signOut} loading={pending}>
          Sign out and sign in again
        </Button>
      </Stack>
    </FormAlert>
  );
}
