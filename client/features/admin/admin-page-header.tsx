import type { ReactNode } from "react";
import { Group, Stack, Text, Title } from "@mantine/core";

/** The heading of an admin page: title, a line about it, and buttons on the right. */
export function AdminPageHeader({ title, description, actions }: { title: ReactNode; description?: ReactNode; actions?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-end" gap="sm">
      <Stack gap={4} style={{ flex: "1 1 320px" }}>
        <Title order={1}>{title}</Title>
        {description && <Text c="dimmed">{description}</Text>}
      </Stack>
      {actions}
    </Group>
  );
}
