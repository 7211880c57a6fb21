// What an admin can do to one account: change role, suspend / reactivate, sign out
// everywhere, send a password reset, delete. Only the actions the admin's access level
// allows are offered (shared/access.ts); the server checks again on every call.
import { useState } from "react";
import { Button, Group, Modal, NativeSelect, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useNavigate } from "react-router";
import type { AppRouter } from "../../../server/routers/app.ts";
import { AdminSetRoleInput, AdminSuspendInput } from "../../../shared/schemas/admin.ts";
import { ConfirmModal } from "../../components/confirm-modal.tsx";
import { FormAlert } from "../../components/form-alert.tsx";
import { goToSignInAfterSignOut, useCurrentUser, type Role } from "../../lib/auth.ts";
import { applyServerFieldErrors, focusFirstError, zodValidate } from "../../lib/form.ts";
import { formatDateTime } from "../../lib/format.ts";
import { paths } from "../../lib/paths.ts";
import { errorMessage, queryClient, trpc } from "../../lib/trpc.ts";
import { adminMayActOn } from "../../../shared/access.ts";
import { useAdminAccess } from "./admin-access.ts";
import { plural, ROLE_LABELS, ROLES } from "./admin-text.ts";

export type AdminUserDetail = inferRouterOutputs<AppRouter>["admin"]["users"]["get"];
type Target = Pick<AdminUserDetail, "id" | "email" | "role" | "status"> & { name: string | null; adminLevel?: number | null };

type Open = "role" | "suspend" | "signOut" | "reset" | "delete" | null;

const who = (u: Target) => u.name?.trim() || u.email;

/** After a change: reload this user and whatever lists and numbers it may have changed. */
function refreshAdminData(): void {
  void queryClient.invalidateQueries(trpc.admin.pathFilter());
}

export function UserActions({ user }: { user: Target }) {
  const me = useCurrentUser();
  const { can, level, isPending } = useAdminAccess();
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  const self = user.id === me.id;

  const activate = useMutation({
    ...trpc.admin.users.activate.mutationOptions(),
    onSuccess: ({ status }) => {
      notifications.show({
        color: "teal",
        title: "Account reactivated",
        message: status === "ACTIVE" ? `${who(user)} can sign in again.` : `${who(user)} can sign in again once they verify their email.`,
      });
      refreshAdminData();
    },
    onError: (error) => notifications.show({ color: "red", title: "Could not reactivate the account", message: errorMessage(error) }),
  });

  const blocked = user.status === "SUSPENDED" || user.status === "DEACTIVATED";
  // The hierarchy: not an admin of a higher level; any admin's status needs level 3.
  const target = { role: user.role, adminLevel: user.adminLevel ?? null };
  const status = adminMayActOn(level, target, "status");
  const other = adminMayActOn(level, target, "other");
  const offers = {
    role: !self && other && can("admin.users.setRole"),
    suspend: !self && status && user.status !== "SUSPENDED" && can("admin.users.suspend"),
    activate: blocked && status && can("admin.users.activate"),
    signOut: status && can("admin.users.signOutEverywhere"),
    reset: other && can("admin.users.sendPasswordReset"),
    delete: !self && other && can("admin.users.delete"),
  };
  const any = Object.values(offers).some(Boolean);

  if (isPending) return null;
  return (
    <Stack gap="xs">
      {any ? (
        <Group gap="xs">
          {offers.role && (
            <Button variant="default" onClick={() => setOpen("role")}>
              Change role
            </Button>
          )}
          {offers.activate && (
            <Button variant="default" color="teal" onClick={() => activate.mutate({ userId: user.id })} loading={activate.isPending}>
              Reactivate
            </Button>
          )}
          {offers.suspend && (
            <Button variant="default" onClick={() => setOpen("suspend")}>
              Suspend
            </Button>
          )}
          {offers.signOut && (
            <Button variant="default" onClick={() => setOpen("signOut")}>
              Sign out everywhere
            </Button>
          )}
          {offers.reset && (
            <Button variant="default" onClick={() => setOpen("reset")}>
              Send password reset
            </Button>
          )}
          {offers.delete && (
            <Button color="red" variant="light" onClick={() => setOpen("delete")}>
              Delete
            </Button>
          )}
        </Group>
      ) : (
        <Text size="sm" c="dimmed">
          {`Your admin access level (${level ?? "unknown"}) lets you view accounts and verify instructors and companies. Changing accounts needs a higher level.`}
        </Text>
      )}
      {self && (
        <Text size="sm" c="dimmed">
          This is your own account: you cannot change its role, suspend it or delete it here.
        </Text>
      )}

      {offers.role && <ChangeRoleModal key={user.role} user={user} opened={open === "role"} onClose={close} />}
      {offers.suspend && <SuspendModal user={user} opened={open === "suspend"} onClose={close} />}
      {offers.signOut && <SignOutEverywhereModal user={user} self={self} opened={open === "signOut"} onClose={close} />}
      {offers.reset && <PasswordResetModal user={user} opened={open === "reset"} onClose={close} />}
      {offers.delete && <DeleteUserModal user={user} opened={open === "delete"} onClose={close} />}
    </Stack>
  );
}

type ModalProps = { user: Target; opened: boolean; onClose: () => void };

const ROLE_FIELDS = ["role", "reason"] as const;
const RoleForm = AdminSetRoleInput.pick({ role: true, reason: true });
type RoleValues = { role: Role; reason: string };

export function ChangeRoleModal({ user, opened, onClose }: ModalProps) {
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<RoleValues>({
    initialValues: { role: user.role, reason: "" },
    validate: zodValidate<RoleValues>(RoleForm, (v) => ({ role: v.role === user.role ? `${who(user)} is already ${article(ROLE_LABELS[v.role])}. Choose another role.` : null })),
  });
  const setRole = useMutation(trpc.admin.users.setRole.mutationOptions());
  const dismiss = () => {
    form.reset();
    setFailure(null);
    onClose();
  };
  const close = () => {
    if (!setRole.isPending) dismiss();
  };
  const submit = form.onSubmit(
    async (values) => {
      setFailure(null);
      try {
        await setRole.mutateAsync({ userId: user.id, role: values.role, reason: values.reason });
        notifications.show({ color: "teal", title: "Role changed", message: `${who(user)} is now ${article(ROLE_LABELS[values.role])}.` });
        refreshAdminData();
        dismiss();
      } catch (error) {
        if (applyServerFieldErrors(form, error, ROLE_FIELDS)) return;
        setFailure(errorMessage(error));
      }
    },
    (errors) => focusFirstError(form, errors, ROLE_FIELDS),
  );
  return (
    <Modal opened={opened} onClose={close} title="Change role" centered closeOnClickOutside={!setRole.isPending}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            {`${who(user)} is ${article(ROLE_LABELS[user.role])}. The new role's profile is created; the old one is kept.`}
          </Text>
          {failure && <FormAlert title="The role was not changed">{failure}</FormAlert>}
          <NativeSelect
            label="New role"
            data={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
            description={form.values.role === "ADMIN" && user.role !== "ADMIN" ? "A new admin starts at access level 1 (view and verify)." : undefined}
            {...form.getInputProps("role")}
          />
          <Textarea
            label="Reason"
            description="Kept in the audit log."
            required
            autosize
            minRows={2}
            maxLength={500}
            {...form.getInputProps("reason")}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={setRole.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={setRole.isPending}>
              Change role
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

const SUSPEND_FIELDS = ["reason", "until"] as const;
type SuspendValues = { reason: string; until: string };

/** `YYYY-MM-DDTHH:mm` for a datetime-local input, in the browser's time zone. */
function localInputValue(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function SuspendModal({ user, opened, onClose }: ModalProps) {
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<SuspendValues>({
    initialValues: { reason: "", until: "" },
    validate: zodValidate<SuspendValues>(AdminSuspendInput.pick({ reason: true }), (v) => {
      if (!v.until) return {};
      const until = new Date(v.until);
      if (Number.isNaN(until.getTime())) return { until: "Enter a date and time, or leave it empty" };
      return { until: until.getTime() <= Date.now() ? "The end of the suspension must be in the future" : null };
    }),
  });
  const suspend = useMutation(trpc.admin.users.suspend.mutationOptions());
  const dismiss = () => {
    form.reset();
    setFailure(null);
    onClose();
  };
  const close = () => {
    if (!suspend.isPending) dismiss();
  };
  const submit = form.onSubmit(
    async (values) => {
      setFailure(null);
      try {
        const until = values.until ? new Date(values.until) : undefined;
        const { sessionsEnded } = await suspend.mutateAsync({ userId: user.id, reason: values.reason, ...(until ? { until } : {}) });
        notifications.show({
          color: "teal",
          title: "Account suspended",
          message: `${who(user)} is suspended${until ? ` until ${formatDateTime(until)}` : ""}${sessionsEnded > 0 ? ` and was signed out on ${plural(sessionsEnded, "device", "devices")}` : ""}.`,
        });
        refreshAdminData();
        dismiss();
      } catch (error) {
        if (applyServerFieldErrors(form, error, SUSPEND_FIELDS)) return;
        setFailure(errorMessage(error));
      }
    },
    (errors) => focusFirstError(form, errors, SUSPEND_FIELDS),
  );
  return (
    <Modal opened={opened} onClose={close} title={`Suspend ${who(user)}?`} centered closeOnClickOutside={!suspend.isPending}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">They are signed out everywhere and cannot sign in until the suspension ends or an admin reactivates them.</Text>
          {failure && <FormAlert title="The account was not suspended">{failure}</FormAlert>}
          <Textarea label="Reason" description="Kept in the audit log." required autosize minRows={2} maxLength={500} {...form.getInputProps("reason")} />
          <TextInput
            label="Until (optional)"
            description="Leave empty to suspend until an admin reactivates the account."
            type="datetime-local"
            min={localInputValue(new Date())}
            {...form.getInputProps("until")}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={suspend.isPending} data-autofocus>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={suspend.isPending}>
              Suspend
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function SignOutEverywhereModal({ user, self, opened, onClose }: ModalProps & { self: boolean }) {
  const [failure, setFailure] = useState<string | null>(null);
  const signOut = useMutation({
    ...trpc.admin.users.signOutEverywhere.mutationOptions(),
    onSuccess: ({ ended }) => {
      if (self) {
        goToSignInAfterSignOut();
        return;
      }
      notifications.show({
        color: "teal",
        title: "Signed out everywhere",
        message: ended === 0 ? `${who(user)} was not signed in anywhere.` : `${who(user)} was signed out on ${plural(ended, "device", "devices")}.`,
      });
      refreshAdminData();
      onClose();
    },
    onError: (error) => setFailure(errorMessage(error)),
  });
  return (
    <ConfirmModal
      opened={opened}
      onClose={() => {
        setFailure(null);
        onClose();
      }}
      title="Sign out everywhere?"
      confirmLabel="Sign out everywhere"
      onConfirm={() => signOut.mutate({ userId: user.id })}
      loading={signOut.isPending}
      error={failure}
    >
      {self
        ? "This ends every session of your own account, this one too. You will need to sign in again."
        : `Every browser and device where ${who(user)} is signed in is signed out. They can sign in again with their password.`}
    </ConfirmModal>
  );
}

function PasswordResetModal({ user, opened, onClose }: ModalProps) {
  const [failure, setFailure] = useState<string | null>(null);
  const reset = useMutation({
    ...trpc.admin.users.sendPasswordReset.mutationOptions(),
    onSuccess: ({ sentTo }) => {
      notifications.show({ color: "teal", title: "Password reset sent", message: `We sent a reset link to ${sentTo}.` });
      refreshAdminData();
      onClose();
    },
    onError: (error) => setFailure(errorMessage(error)),
  });
  return (
    <ConfirmModal
      opened={opened}
      onClose={() => {
        setFailure(null);
        onClose();
      }}
      title="Send a password reset link?"
      confirmLabel="Send link"
      color="cyan"
      onConfirm={() => reset.mutate({ userId: user.id })}
      loading={reset.isPending}
      error={failure}
    >
      {`We mail ${user.email} a link to choose a new password. The link works for one hour; their current password keeps working until they use it.`}
    </ConfirmModal>
  );
}

export function DeleteUserModal({ user, opened, onClose }: ModalProps) {
  const navigate = useNavigate();
  const [typed, setTyped] = useState("");
  const [failure, setFailure] = useState<string | null>(null);
  const matches = typed.trim().toLowerCase() === user.email.toLowerCase();
  const remove = useMutation({
    ...trpc.admin.users.delete.mutationOptions(),
    onSuccess: () => {
      notifications.show({ color: "teal", title: "User deleted", message: `${user.email} and their data were deleted. The audit log keeps the record.` });
      void navigate(paths.adminUsers);
      queryClient.removeQueries({ queryKey: trpc.admin.users.get.queryKey({ userId: user.id }) });
      void queryClient.invalidateQueries(trpc.admin.users.list.pathFilter());
      void queryClient.invalidateQueries(trpc.admin.stats.pathFilter());
      void queryClient.invalidateQueries(trpc.admin.audit.pathFilter());
    },
    onError: (error) => setFailure(errorMessage(error)),
  });
  const close = () => {
    if (remove.isPending) return;
    setTyped("");
    setFailure(null);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={`Delete ${who(user)}?`} centered closeOnClickOutside={!remove.isPending}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (matches) remove.mutate({ userId: user.id });
        }}
        noValidate
      >
        <Stack gap="md">
          <Text size="sm">
            This deletes the account and everything that belongs to it: profile, sessions, practice history. It cannot be undone. The audit log keeps a
            record of the deletion.
          </Text>
          {failure && <FormAlert title="The user was not deleted">{failure}</FormAlert>}
          <TextInput
            label={
              <>
                Type <b>{user.email}</b> to confirm
              </>
            }
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            autoComplete="off"
            spellCheck={false}
            data-autofocus
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={remove.isPending}>
              Cancel
            </Button>
            <Button type="submit" color="red" disabled={!matches} loading={remove.isPending}>
              Delete user
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function article(word: string): string {
  return `${/^[aeiou]/i.test(word) ? "an" : "a"} ${word}`;
}
