import { useState } from "react";
import { Anchor, Button, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { Link } from "react-router";
import { RequestPasswordResetInput } from "../../../shared/schemas/auth.ts";
import { AuthCard } from "../../components/auth-card.tsx";
import { DevOutboxLink } from "../../components/dev-outbox-link.tsx";
import { FormAlert } from "../../components/form-alert.tsx";
import { applyServerFieldErrors, focusFirstError, zodValidate } from "../../lib/form.ts";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths } from "../../lib/paths.ts";
import { appCodeOf, errorMessage, trpc } from "../../lib/trpc.ts";

const FIELDS = ["email"] as const;

export function ForgotPasswordPage() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ title: string; message: string } | null>(null);
  usePageTitle(sentTo ? "Check your email" : "Reset your password");
  const form = useForm({ initialValues: { email: "" }, validate: zodValidate(RequestPasswordResetInput) });
  const request = useMutation(trpc.auth.requestPasswordReset.mutationOptions());

  const submit = form.onSubmit(
    async (values) => {
      setFailure(null);
      try {
        await request.mutateAsync(values);
        setSentTo(RequestPasswordResetInput.parse(values).email);
      } catch (error) {
        if (applyServerFieldErrors(form, error, FIELDS)) return;
        const limited = appCodeOf(error) === "RATE_LIMITED";
        setFailure({ title: limited ? "Please wait a little" : "We could not send the link", message: errorMessage(error) });
      }
    },
    (errors) => focusFirstError(form, errors, FIELDS),
  );

  if (sentTo) {
    return (
      <AuthCard title="Check your email">
        <Text>
          If an account exists for <Text span fw={600}>{sentTo}</Text>, we sent it a link to choose a new password.
        </Text>
        <Text size="sm" c="dimmed">
          The link works for 1 hour and can be used once. Nothing there? Look in your spam folder or ask again.
        </Text>
        <DevOutboxLink />
        <Stack gap="xs">
          <Button component={Link} to={paths.signIn} fullWidth>
            Back to sign in
          </Button>
          <Button variant="subtle" onClick={() => setSentTo(null)}>
            Send another link
          </Button>
        </Stack>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Reset your password"
      description="Enter the email address of your account and we will send you a link to choose a new password."
      footer={
        <Anchor component={Link} to={paths.signIn}>
          Back to sign in
        </Anchor>
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {failure && <FormAlert title={failure.title}>{failure.message}</FormAlert>}
          <TextInput label="Email" type="email" autoComplete="email" inputMode="email" required {...form.getInputProps("email")} />
          <Button type="submit" fullWidth loading={request.isPending}>
            Send reset link
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
