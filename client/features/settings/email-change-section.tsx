// "Email address": the sign-in address, and a form to change it. Nothing changes until the
// link mailed to the new address is opened (/confirm-email-change).
import { useState } from "react";
import { Button, Group, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { RequestEmailChangeInput } from "../../../shared/schemas/auth.ts";
import { normalizeEmail } from "../../../shared/schemas/fields.ts";
import { DevOutboxLink } from "../../components/dev-outbox-link.tsx";
import { FormAlert } from "../../components/form-alert.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { PasswordField } from "../../components/password-field.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { useCurrentUser } from "../../lib/auth.ts";
import { applyServerFieldErrors, focusFirstError, zodValidate } from "../../lib/form.ts";
import { appCodeOf, errorMessage, trpc } from "../../lib/trpc.ts";
import { ReauthRequired } from "./reauth-required.tsx";
import { refreshSecurityData, useSignInMethods } from "./security-queries.ts";
import { SettingsSection } from "./settings-section.tsx";

const FIELDS = ["newEmail", "password"] as const;
type Values = { newEmail: string; password: string };

export function EmailChangeSection() {
  const me = useCurrentUser();
  const methods = useSignInMethods();
  return (
    <SettingsSection id="email-address" title="Email address" description="You sign in with this address, and we send account mail to it.">
      <Text>
        Your email address is{" "}
        <Text span fw={600}>
          {me.email}
        </Text>
        .
      </Text>
      {methods.isPending ? (
        <PageLoader label="Loading…" />
      ) : methods.isError ? (
        <QueryError error={methods.error} onRetry={() => void methods.refetch()} retrying={methods.isFetching} />
      ) : (
        <EmailChangeForm currentEmail={me.email} hasPassword={methods.data.hasPassword} />
      )}
    </SettingsSection>
  );
}

export function EmailChangeForm({ currentEmail, hasPassword }: { currentEmail: string; hasPassword: boolean }) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ title: string; message: string } | null>(null);
  const [reauth, setReauth] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: { newEmail: "", password: "" },
    validate: zodValidate<Values>(RequestEmailChangeInput, (v) => ({
      newEmail: v.newEmail && normalizeEmail(v.newEmail) === normalizeEmail(currentEmail) ? "That is already your email address" : null,
      password: hasPassword && !v.password ? "Enter your current password" : null,
    })),
  });
  const request = useMutation(trpc.auth.requestEmailChange.mutationOptions());

  const submit = form.onSubmit(
    async (values) => {
      setFailure(null);
      setReauth(null);
      setSentTo(null);
      try {
        const result = await request.mutateAsync({ newEmail: values.newEmail, password: hasPassword ? values.password : undefined });
        form.reset();
        setSentTo(result.sentTo);
        refreshSecurityData();
      } catch (error) {
        if (applyServerFieldErrors(form, error, FIELDS)) return;
        const code = appCodeOf(error);
        if (code === "REAUTH_REQUIRED") {
          setReauth(errorMessage(error));
          return;
        }
        setFailure({ title: code === "RATE_LIMITED" ? "Please wait a little" : "We could not send the link", message: errorMessage(error) });
      }
    },
    (errors) => focusFirstError(form, errors, FIELDS),
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {sentTo && (
          <FormAlert color="teal" title="Check your new inbox">
            We sent a link to <strong>{sentTo}</strong>. Your email changes when you open it. The link works for 24 hours; we also
            let {currentEmail} know about this request.
          </FormAlert>
        )}
        {sentTo && <DevOutboxLink />}
        {reauth && <ReauthRequired message={reauth} />}
        {failure && <FormAlert title={failure.title}>{failure.message}</FormAlert>}
        <TextInput
          label="New email address"
          type="email"
          autoComplete="email"
          inputMode="email"
          required
          {...form.getInputProps("newEmail")}
        />
        {hasPassword ? (
          <PasswordField
            label="Current password"
            description="To make sure it is you."
            autoComplete="current-password"
            required
            {...form.getInputProps("password")}
          />
        ) : (
          <Text size="sm" c="dimmed">
            Your account has no password, so we ask for a recent sign-in instead: this works within 15 minutes of signing in.
          </Text>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={request.isPending}>
            Send confirmation link
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
