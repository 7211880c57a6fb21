import type { ReactNode } from "react";
import { Group, Paper, Stack, Text, Title } from "@mantine/core";

type Props = {
  /** Id of the heading, which names the section for assistive technology. */
  id: string;
  title: string;
  description?: ReactNode;
  /** Buttons on the right of the heading. */
  actions?: ReactNode;
  /** "danger" draws a red frame (deactivating the account). */
  tone?: "default" | "danger";
  children: ReactNode;
};

/** One card of a settings page: a heading, a line about it, and its content. */
export function SettingsSection({ id, title, description, actions, tone = "default", children }: Props) {
  return (
    <Paper
      withBorder
      p={{ base: "md", sm: "lg" }}
      component="section"
      aria-labelledby={id}
      style={tone === "danger" ? { borderColor: "var(--mantine-color-red-4)" } : undefined}
    >
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Stack gap={4} style={{ flex: "1 1 260px" }}>
            <Title order={2} size="h3" id={id} c={tone === "danger" ? "red.8" : undefined}>
              {title}
            </Title>
            {description && (
              <Text size="sm" c="dimmed">
                {description}
              </Text>
            )}
          </Stack>
          {actions}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}
