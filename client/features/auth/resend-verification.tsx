import { Button, Stack } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { FormAlert } from "../../components/form-alert.tsx";
import { appCodeOf, errorMessage, queryClient, trpc } from "../../lib/trpc.ts";

/** "Resend the link" for a signed-in person whose email is not confirmed yet. */
export function ResendVerification({ email, variant = "filled", onSent }: { email: string; variant?: "filled" | "light"; onSent?: () => void }) {
  const resend = useMutation({
    ...trpc.auth.resendVerification.mutationOptions(),
    onSuccess: (r) => {
      onSent?.();
      // Already verified (e.g. in another tab): refresh, and the guards move on.
      if (!r.sent) void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
    },
  });

  return (
    <Stack gap="sm">
      {resend.isSuccess && resend.data.sent && (
        <FormAlert color="teal" title="New link sent">
          We sent a new confirmation link to {email}. Links sent before this one still work until they expire.
        </FormAlert>
      )}
      {resend.isError && (
        <FormAlert title={appCodeOf(resend.error) === "RATE_LIMITED" ? "Please wait a little" : "We could not send the link"}>
          {errorMessage(resend.error)}
        </FormAlert>
      )}
      <Button variant={variant} onClick={() => resend.mutate()} loading={resend.isPending} fullWidth>
        Resend the link
      </Button>
    </Stack>
  );
}
