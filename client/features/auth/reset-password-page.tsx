import { useState } from "react";
import { Anchor, Button, Stack, Text } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { PasswordSchema } from "../../../shared/schemas/fields.ts";
import { z } from "zod";
import { AuthCard } from "../../components/auth-card.tsx";
import { FormAlert } from "../../components/form-alert.tsx";
import { PasswordField } from "../../components/password-field.tsx";
import { PasswordStrengthBar, passwordStrength } from "../../components/password-strength.tsx";
import { resetSessionCache } from "../../lib/auth.ts";
import { applyServerFieldErrors, focusFirstError, zodValidate } from "../../lib/form.ts";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths } from "../../lib/paths.ts";
import { appCodeOf, errorMessage, fieldErrorsOf, trpc } from "../../lib/trpc.ts";

const FIELDS = ["password", "confirm"] as const;
const FormSchema = z.object({ password: PasswordSchema, confirm: z.string() });
type Values = z.infer<typeof FormSchema>;

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get("token")?.trim() ?? "";
  const [done, setDone] = useState(false);
  const [failure, setFailure] = useState<{ message: string; badLink: boolean } | null>(null);
  usePageTitle(done ? "Password changed" : "Choose a new password");

  const form = useForm<Values>({
    initialValues: { password: "", confirm: "" },
    validate: zodValidate<Values>(FormSchema, (v) => ({
      confirm: !v.confirm ? "Type the new password again" : v.confirm !== v.password ? "The two passwords are not the same" : null,
    })),
  });
  const reset = useMutation(trpc.auth.resetPassword.mutationOptions());

  const submit = form.onSubmit(
    async (values) => {
      setFailure(null);
      try {
        await reset.mutateAsync({ token, password: values.password });
        // Every session of the account ended, including one in this browser.
        await resetSessionCache().catch(() => null);
        setDone(true);
      } catch (error) {
        const code = appCodeOf(error);
        if (code === "WEAK_PASSWORD") {
          form.setFieldError("password", errorMessage(error));
          focusFirstError(form, { password: true }, FIELDS);
          return;
        }
        if (applyServerFieldErrors(form, error, FIELDS)) return;
        const tokenProblem = fieldErrorsOf(error).token;
        setFailure({ message: tokenProblem ?? errorMessage(error), badLink: code === "INVALID_TOKEN" || Boolean(tokenProblem) });
      }
    },
    (errors) => focusFirstError(form, errors, FIELDS),
  );

  if (!token) {
    return (
      <AuthCard title="This link is incomplete" description="The address is missing its reset code.">
        <Text size="sm">Open the link from the mail again, or ask for a new one.</Text>
        <Button component={Link} to={paths.forgotPassword} fullWidth>
          Ask for a new link
        </Button>
      </AuthCard>
    );
  }

  if (done) {
    return (
      <AuthCard title="Password changed">
        <FormAlert color="teal" title="Your new password is set">
          For your safety we signed you out everywhere. Sign in with the new password.
        </FormAlert>
        <Button component={Link} to={paths.signIn} fullWidth>
          Sign in
        </Button>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Choose a new password"
      description="Pick something long and unique to HireXp."
      footer={
        <Anchor component={Link} to={paths.signIn}>
          Back to sign in
        </Anchor>
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {failure && (
            <FormAlert title={failure.badLink ? "This link does not work any more" : "We could not change your password"}>
              {failure.message}{" "}
              {failure.badLink && (
                <Anchor component={Link} to={paths.forgotPassword}>
                  Ask for a new link
                </Anchor>
              )}
            </FormAlert>
          )}
          <Stack gap={6}>
            <PasswordField
              label="New password"
              autoComplete="new-password"
              required
              description={passwordStrength(form.values.password).hint}
              {...form.getInputProps("password")}
            />
            <PasswordStrengthBar password={form.values.password} />
          </Stack>
          <PasswordField label="Confirm new password" autoComplete="new-password" required {...form.getInputProps("confirm")} />
          <Button type="submit" fullWidth loading={reset.isPending}>
            Set new password
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
