import { useState } from "react";
import { Anchor, Button, Group, Stack, Text } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { Link } from "react-router";
import { z } from "zod";
import { ChangePasswordInput } from "../../../shared/schemas/auth.ts";
import { FormAlert } from "../../components/form-alert.tsx";
import { PasswordField } from "../../components/password-field.tsx";
import { PasswordStrengthBar, passwordStrength } from "../../components/password-strength.tsx";
import { useCurrentUser } from "../../lib/auth.ts";
import { applyServerFieldErrors, focusFirstError, zodValidate } from "../../lib/form.ts";
import { paths } from "../../lib/paths.ts";
import { appCodeOf, errorMessage, trpc, trpcCodeOf } from "../../lib/trpc.ts";
import { refreshSecurityData, useSignInMethods } from "./security-queries.ts";
import { SettingsSection } from "./settings-section.tsx";

const FIELDS = ["currentPassword", "newPassword", "confirm"] as const;
const FormSchema = ChangePasswordInput.extend({ confirm: z.string() });
type Values = z.infer<typeof FormSchema>;

export function ChangePasswordSection() {
  const methods = useSignInMethods();
  // Accounts that sign in only with a provider have no current password to type.
  if (methods.data?.hasPassword === false) {
    return (
      <SettingsSection id="change-password" title="Password" description="You sign in with a provider and have no password yet.">
        <Text size="sm">
          To also sign in with your email address and a password, set one: we mail you a link to choose it.
        </Text>
        <Group>
          <Button component={Link} to={paths.forgotPassword} variant="default">
            Set a password
          </Button>
        </Group>
      </SettingsSection>
    );
  }
  return (
    <SettingsSection id="change-password" title="Change password" description="Changing your password signs you out on every other device.">
      <ChangePasswordForm />
    </SettingsSection>
  );
}

function ChangePasswordForm() {
  const me = useCurrentUser();
  const [failure, setFailure] = useState<string | null>(null);
  const [changed, setChanged] = useState<{ otherSessionsEnded: number } | null>(null);
  const form = useForm<Values>({
    initialValues: { currentPassword: "", newPassword: "", confirm: "" },
    validate: zodValidate<Values>(FormSchema, (v) => ({
      confirm: !v.confirm ? "Type the new password again" : v.confirm !== v.newPassword ? "The two new passwords are not the same" : null,
    })),
  });
  const change = useMutation(trpc.auth.changePassword.mutationOptions());

  const submit = form.onSubmit(
    async ({ currentPassword, newPassword }) => {
      setFailure(null);
      setChanged(null);
      try {
        const result = await change.mutateAsync({ currentPassword, newPassword });
        form.reset();
        setChanged(result);
        notifications.show({ color: "teal", title: "Password changed", message: "Use your new password from now on." });
        refreshSecurityData();
      } catch (error) {
        const code = appCodeOf(error);
        // The server names the field in its message; these codes tell us which one it is.
        if (code === "INVALID_CREDENTIALS" && trpcCodeOf(error) === "BAD_REQUEST") {
          form.setFieldError("currentPassword", errorMessage(error));
          focusFirstError(form, { currentPassword: true }, FIELDS);
          return;
        }
        if (code === "WEAK_PASSWORD") {
          form.setFieldError("newPassword", errorMessage(error));
          focusFirstError(form, { newPassword: true }, FIELDS);
          return;
        }
        if (applyServerFieldErrors(form, error, FIELDS)) return;
        setFailure(errorMessage(error));
      }
    },
    (errors) => focusFirstError(form, errors, FIELDS),
  );

  return (
    <Stack gap="md">
      {changed && (
        <FormAlert color="teal" title="Password changed">
          {changed.otherSessionsEnded === 0
            ? "You were not signed in anywhere else, so no other device was signed out."
            : `We signed you out on ${changed.otherSessionsEnded} other ${changed.otherSessionsEnded === 1 ? "device" : "devices"}. This one stays signed in.`}
        </FormAlert>
      )}
      {failure && <FormAlert title="We could not change your password">{failure}</FormAlert>}
      <form onSubmit={submit} noValidate>
        {/* Lets password managers save the new password for the right account. */}
        <input type="email" name="username" autoComplete="username" value={me.email} readOnly hidden />
        <Stack gap="md">
          <PasswordField label="Current password" autoComplete="current-password" required {...form.getInputProps("currentPassword")} />
          <Stack gap={6}>
            <PasswordField
              label="New password"
              autoComplete="new-password"
              required
              description={passwordStrength(form.values.newPassword).hint}
              {...form.getInputProps("newPassword")}
            />
            <PasswordStrengthBar password={form.values.newPassword} />
          </Stack>
          <PasswordField label="Confirm new password" autoComplete="new-password" required {...form.getInputProps("confirm")} />
          <Group justify="space-between">
            <Anchor component={Link} to={paths.forgotPassword} size="sm">
              Forgot your current password?
            </Anchor>
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
