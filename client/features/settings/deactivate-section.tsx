// "Deactivate account": the danger zone. A dialog asks for the password (or, for accounts
// without one, relies on a recent sign-in), an optional reason and a typed confirmation.
import { useState } from "react";
import { Button, Group, List, Modal, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { DeactivateInput } from "../../../shared/schemas/auth.ts";
import { FormAlert } from "../../components/form-alert.tsx";
import { PasswordField } from "../../components/password-field.tsx";
import { useCurrentUser } from "../../lib/auth.ts";
import { applyServerFieldErrors, focusFirstError, zodValidate } from "../../lib/form.ts";
import { paths } from "../../lib/paths.ts";
import { appCodeOf, errorMessage, trpc } from "../../lib/trpc.ts";
import { ReauthRequired } from "./reauth-required.tsx";
import { useSignInMethods } from "./security-queries.ts";
import { SettingsSection } from "./settings-section.tsx";

const CONFIRM_WORD = "DEACTIVATE";
const FIELDS = ["password", "reason", "confirm"] as const;
type Values = { password: string; reason: string; confirm: string };

export function DeactivateSection() {
  const [open, setOpen] = useState(false);
  const methods = useSignInMethods();
  return (
    <SettingsSection
      id="deactivate"
      tone="danger"
      title="Deactivate account"
      description="Stop using HireXp: you are signed out everywhere and can no longer sign in."
      actions={
        <Button color="red" variant="outline" onClick={() => setOpen(true)} disabled={methods.isPending} loading={methods.isPending}>
          Deactivate account…
        </Button>
      }
    >
      <Text size="sm">Changed your mind later? Support can reactivate the account for you.</Text>
      {methods.isError && (
        <Text size="sm" c="red">
          We could not check how you sign in, so deactivating is not possible right now. Reload the page to try again.
        </Text>
      )}
      {methods.isSuccess && (
        <Modal opened={open} onClose={() => setOpen(false)} title="Deactivate your account?" centered size="lg">
          <DeactivateForm hasPassword={methods.data.hasPassword} onCancel={() => setOpen(false)} />
        </Modal>
      )}
    </SettingsSection>
  );
}

export function DeactivateForm({ hasPassword, onCancel }: { hasPassword: boolean; onCancel: () => void }) {
  const me = useCurrentUser();
  const [failure, setFailure] = useState<string | null>(null);
  const [reauth, setReauth] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: { password: "", reason: "", confirm: "" },
    validate: zodValidate<Values>(DeactivateInput, (v) => ({
      password: hasPassword && !v.password ? "Enter your password" : null,
      confirm: v.confirm.trim() !== CONFIRM_WORD ? `Type ${CONFIRM_WORD} in capital letters to confirm` : null,
    })),
  });
  const deactivate = useMutation({
    ...trpc.auth.deactivate.mutationOptions(),
    // Signed out by now: a full page load drops everything this person had in memory.
    onSuccess: () => window.location.replace(paths.accountDeactivated),
  });

  const submit = form.onSubmit(
    async (values) => {
      setFailure(null);
      setReauth(null);
      try {
        await deactivate.mutateAsync({
          password: hasPassword ? values.password : undefined,
          reason: values.reason.trim() || undefined,
        });
      } catch (error) {
        if (applyServerFieldErrors(form, error, FIELDS)) return;
        if (appCodeOf(error) === "REAUTH_REQUIRED") {
          setReauth(errorMessage(error));
          return;
        }
        setFailure(errorMessage(error));
      }
    },
    (errors) => focusFirstError(form, errors, FIELDS),
  );
  const busy = deactivate.isPending || deactivate.isSuccess;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <List size="sm" spacing={4}>
          <List.Item>You are signed out on every device, this one too.</List.Item>
          <List.Item>Nobody can sign in to {me.email} any more, with a password or a provider.</List.Item>
          <List.Item>Your data stays, so support can reactivate the account if you ask.</List.Item>
        </List>
        {reauth && <ReauthRequired message={reauth} />}
        {failure && <FormAlert title="We could not deactivate your account">{failure}</FormAlert>}
        {hasPassword ? (
          <PasswordField label="Your password" autoComplete="current-password" required data-autofocus {...form.getInputProps("password")} />
        ) : (
          <Text size="sm" c="dimmed">
            Your account has no password, so we ask for a recent sign-in instead: this works within 15 minutes of signing in.
          </Text>
        )}
        <Textarea
          label="Why are you leaving? (optional)"
          description="It helps us improve HireXp. At most 500 characters."
          autosize
          minRows={2}
          maxRows={6}
          maxLength={500}
          {...form.getInputProps("reason")}
        />
        <TextInput
          label={`Type ${CONFIRM_WORD} to confirm`}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          required
          {...form.getInputProps("confirm")}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" color="red" loading={busy}>
            Deactivate my account
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
