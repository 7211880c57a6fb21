// Settings → Security → "Your data": download everything HireXp holds about you (a JSON
// file, account.export), and delete the account for good (account.delete): a dialog asks for
// the password (or, for accounts without one, relies on a recent sign-in) and a typed
// confirmation, then the browser goes to /account-deleted.
import { useState } from "react";
import { Button, Group, List, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { FormAlert } from "../../components/form-alert.tsx";
import { PasswordField } from "../../components/password-field.tsx";
import { useCurrentUser } from "../../lib/auth.ts";
import { applyServerFieldErrors, focusFirstError } from "../../lib/form.ts";
import { paths } from "../../lib/paths.ts";
import { appCodeOf, errorMessage, trpc } from "../../lib/trpc.ts";
import { ReauthRequired } from "./reauth-required.tsx";
import { useSignInMethods } from "./security-queries.ts";
import { SettingsSection } from "./settings-section.tsx";

export const DELETE_WORD = "DELETE";
const FIELDS = ["password", "confirm"] as const;
type Values = { password: string; confirm: string };

/** Saves `text` as a file the browser downloads. */
function saveFile(fileName: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function DownloadDataSection() {
  const exported = useMutation({ ...trpc.account.export.mutationOptions(), onSuccess: (r) => saveFile(r.fileName, r.json) });
  return (
    <SettingsSection
      id="your-data"
      title="Download my data"
      description="A copy of everything HireXp holds about you: profile, practice sessions and transcripts, scores, assessments, progress, certificates, companies that viewed you, applications and security events."
      actions={
        <Button variant="default" onClick={() => exported.mutate()} loading={exported.isPending}>
          Download my data
        </Button>
      }
    >
      <Text size="sm" c="dimmed">
        It is one JSON file, made when you ask. Recordings are listed there; you can listen to them from your practice history.
      </Text>
      {exported.isSuccess && (
        <Text size="sm" c="teal" role="status">
          Your file {exported.data.fileName} ({Math.max(1, Math.round(exported.data.bytes / 1024))} KB) is downloaded.
        </Text>
      )}
      {exported.isError && <FormAlert title="We could not prepare your data">{errorMessage(exported.error)}</FormAlert>}
    </SettingsSection>
  );
}

export function DeleteAccountSection() {
  const [open, setOpen] = useState(false);
  const methods = useSignInMethods();
  return (
    <SettingsSection
      id="delete-account"
      tone="danger"
      title="Delete my account"
      description="Delete your account and everything in it, for good. This cannot be undone."
      actions={
        <Button color="red" onClick={() => setOpen(true)} disabled={methods.isPending} loading={methods.isPending}>
          Delete my account…
        </Button>
      }
    >
      <Text size="sm">Want a copy first? Use “Download my data” above before you delete.</Text>
      {methods.isError && (
        <Text size="sm" c="red">
          We could not check how you sign in, so deleting is not possible right now. Reload the page to try again.
        </Text>
      )}
      {methods.isSuccess && (
        <Modal opened={open} onClose={() => setOpen(false)} title="Delete your account for good?" centered size="lg">
          <DeleteAccountForm hasPassword={methods.data.hasPassword} onCancel={() => setOpen(false)} />
        </Modal>
      )}
    </SettingsSection>
  );
}

export function DeleteAccountForm({ hasPassword, onCancel }: { hasPassword: boolean; onCancel: () => void }) {
  const me = useCurrentUser();
  const [failure, setFailure] = useState<string | null>(null);
  const [reauth, setReauth] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: { password: "", confirm: "" },
    validate: (v) => ({
      password: hasPassword && !v.password ? "Enter your password" : null,
      confirm: v.confirm.trim() !== DELETE_WORD ? `Type ${DELETE_WORD} in capital letters to confirm` : null,
    }),
  });
  const remove = useMutation({
    ...trpc.account.delete.mutationOptions(),
    // Signed out and gone: a full page load drops everything this person had in memory.
    onSuccess: () => window.location.replace(paths.accountDeleted),
  });

  const submit = form.onSubmit(
    async (values) => {
      setFailure(null);
      setReauth(null);
      try {
        await remove.mutateAsync({ password: hasPassword ? values.password : undefined });
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
  const busy = remove.isPending || remove.isSuccess;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <List size="sm" spacing={4}>
          <List.Item>Your profile, practice sessions, transcripts, recordings, scores, assessments, progress and certificates are deleted.</List.Item>
          <List.Item>Certificates you shared can no longer be verified; companies can no longer find you.</List.Item>
          <List.Item>You are signed out everywhere, and {me.email} gets one last email confirming it.</List.Item>
          <List.Item>This cannot be undone. The security log keeps its entries without your name.</List.Item>
        </List>
        {reauth && <ReauthRequired message={reauth} />}
        {failure && <FormAlert title="We could not delete your account">{failure}</FormAlert>}
        {hasPassword ? (
          <PasswordField label="Your password" autoComplete="current-password" required data-autofocus {...form.getInputProps("password")} />
        ) : (
          <Text size="sm" c="dimmed">
            Your account has no password, so we ask for a recent sign-in instead: this works within 15 minutes of signing in.
          </Text>
        )}
        <TextInput
          label={`Type ${DELETE_WORD} to confirm`}
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
            Delete my account for good
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
