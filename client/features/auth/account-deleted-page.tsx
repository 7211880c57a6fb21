import { Button, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import { AuthCard } from "../../components/auth-card.tsx";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths } from "../../lib/paths.ts";

/** Where someone lands after deleting their own account; they are signed out by then. */
export function AccountDeletedPage() {
  usePageTitle("Account deleted");
  return (
    <AuthCard title="Your account is deleted" description="You are signed out on every device.">
      <Text>
        Your profile, practice history, recordings, scores and certificates are gone. We sent one last email to confirm it. Thank
        you for practising with HireXp.
      </Text>
      <Stack gap="xs">
        <Button component={Link} to={paths.home} fullWidth>
          Go to the home page
        </Button>
        <Button component={Link} to={paths.signUp} variant="default" fullWidth>
          Create a new account
        </Button>
      </Stack>
    </AuthCard>
  );
}
