import { useState } from "react";
import { Anchor, Button, Container, Group, Paper, Stack, Text, Title } from "@mantine/core";
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
import { usePageTitle } from "../../lib/page-title.ts";
import { paths } from "../../lib/paths.ts";
import { appCodeOf, errorMessage, trpc, trpcCodeOf } from "../../lib/trpc.ts";

const FIELDS = ["currentPassword", "newPassword", "confirm"] as const;
const FormSchema = ChangePasswordInput.extend({ confirm: z.string() });
type Values = z.infer<typeof FormSchema>;

export function SecurityPage() {
  usePageTitle("Security");
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
    <Container size="sm" px={0}>
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1}>Security</Title>
          <Text c="dimmed">Keep your account safe.</Text>
        </Stack>

        <Paper withBorder p="lg" component="section" aria-labelledby="change-password">
          <Stack gap="md">
            <Stack gap={4}>
              <Title order={2} size="h3" id="change-password">
                Change password
              </Title>
              <Text size="sm" c="dimmed">
                Changing your password signs you out on every other device.
              </Text>
            </Stack>
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
        </Paper>
      </Stack>
    </Container>
  );
}
