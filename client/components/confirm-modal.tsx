import { useState, type ReactNode } from "react";
import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { FormAlert } from "./form-alert.tsx";

type Props = {
  opened: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  /** While the action runs: the confirm button spins and the dialog stays open. */
  loading?: boolean;
  /** Why the action failed, shown inside the dialog. */
  error?: string | null;
  color?: "red" | "cyan";
};

/**
 * "Are you sure?" for an action that signs someone out or removes something. Nothing of it is
 * mounted before it first opens (then it stays, so that it can close with its transition): a
 * closed Mantine modal still mounts its portal and transitions, whose effects each set state as
 * the page mounts — for a list with one per row, a blocking re-render of the page (issue 13).
 */
export function ConfirmModal({ opened, onClose, title, children, confirmLabel, onConfirm, loading, error, color = "red" }: Props) {
  const [wanted, setWanted] = useState(opened);
  if (opened && !wanted) setWanted(true); // derived during render: the modal mounts open
  if (!wanted) return null;
  return (
    <Modal opened={opened} onClose={loading ? () => {} : onClose} title={title} centered closeOnClickOutside={!loading}>
      <Stack gap="md">
        {typeof children === "string" ? <Text size="sm">{children}</Text> : children}
        {error && <FormAlert title="That did not work">{error}</FormAlert>}
        <Group justify="flex-end" gap="sm">
          {/* Focus starts on the harmless choice. */}
          <Button variant="default" onClick={onClose} disabled={loading} data-autofocus>
            Cancel
          </Button>
          <Button color={color} onClick={onConfirm} loading={loading}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
