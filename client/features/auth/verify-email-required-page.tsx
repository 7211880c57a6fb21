import { Button, Divider, Stack, Text } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { AuthCard } from "../../components/auth-card.tsx";
import { DevOutboxLink } from "../../components/dev-outbox-link.tsx";
import { FormAlert } from "../../components/form-alert.tsx";
import { needsEmailVerification, useMe, useSignOut, type Me } from "../../lib/auth.ts";
import { usePageTitle } from "../../lib/page-title.ts";
import { errorMessage, trpc } from "../../lib/trpc.ts";
import { ResendVerification } from "./resend-verification.tsx";

/** The one page a signed-in person with an unconfirmed email can use (the guards send them here). */
export function VerifyEmailRequiredPage({ me }: { me: Me }) {
  usePageTitle("Confirm your email");
  const { signOut, pending: signingOut } = useSignOut();
  const queryClient = useQueryClient();
  const meQuery = useMe();
  const [check, setCheck] = useState<{ title: string; message: string } | null>(null);

  async function checkAgain() {
    setCheck(null);
    try {
      const fresh = await queryClient.fetchQuery({ ...trpc.auth.me.queryOptions(), staleTime: 0 });
      // When confirmed, the guard around this page moves on to the dashboard by itself.
      if (fresh && needsEmailVerification(fresh)) {
        setCheck({
          title: "Not confirmed yet",
          message: "We have not seen the link being opened yet. Open the newest mail from HireXp, or ask for a new link.",
        });
      }
    } catch (error) {
      setCheck({ title: "We could not check", message: errorMessage(error) });
    }
  }

  return (
    <AuthCard
      title="Confirm your email"
      description="HireXp opens once your email address is confirmed."
    >
      <Text>
        We sent a link to <Text span fw={600}>{me.email}</Text>. Open it in this browser or any other, then come back here.
      </Text>
      <DevOutboxLink />
      {check && (
        <FormAlert color="yellow" title={check.title}>
          {check.message}
        </FormAlert>
      )}
      <Stack gap="sm">
        <Button onClick={() => void checkAgain()} loading={meQuery.isFetching}>
          I have confirmed my email
        </Button>
        <ResendVerification email={me.email} variant="light" onSent={() => setCheck(null)} />
      </Stack>
      <Divider />
      <Stack gap={4}>
        <Text size="sm" c="dimmed">
          Wrong address? Sign out and create the account again with the right one.
        </Text>
        <Button variant="subtle" color="gray" onClick={signOut} loading={signingOut}>
          Sign out
        </Button>
      </Stack>
    </AuthCard>
  );
}
