import { Button, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import { AuthCard } from "../../components/auth-card.tsx";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths } from "../../lib/paths.ts";

/** Where someone lands after deactivating their own account; they are signed out by then. */
export function AccountDeactivatedPage() {
  usePageTitle("Account deactivated");
  return (
    <AuthCard title="Your account is deactivated" description="You are signed out on every device.">
      <Text>
        Thank you for practising with HireXp. Nobody can sign in to this account any more. If you change your mind, contact
        support and we can reactivate it.
      </Text>
      <Stack gap="xs">
        <Button component={Link} to={paths.home} fullWidth>
          Go to the home page
        </Button>
      </Stack>
    </AuthCard>
  );
}
