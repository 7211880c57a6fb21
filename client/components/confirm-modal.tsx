import type { ReactNode } from "react";
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

/** "Are you sure?" for an action that signs someone out or removes something. */
export function ConfirmModal({ opened, onClose, title, children, confirmLabel, onConfirm, loading, error, color = "red" }: Props) {
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
