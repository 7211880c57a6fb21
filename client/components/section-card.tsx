import type { ReactNode } from "react";
import { Group, Paper, Stack, Text, Title } from "@mantine/core";

export type SectionCardProps = {
  /** Id of the heading, which names the section for assistive technology. */
  id: string;
  title: string;
  description?: ReactNode;
  /** Buttons on the right of the heading. */
  actions?: ReactNode;
  /** "danger" draws a red frame (e.g. deactivating the account). */
  tone?: "default" | "danger";
  /** Tighter spacing and a smaller heading (dense admin pages). */
  compact?: boolean;
  children: ReactNode;
};

/** One card of a page: a heading, a line about it, and its content. */
export function SectionCard({ id, title, description, actions, tone = "default", compact = false, children }: SectionCardProps) {
  return (
    <Paper
      withBorder
      p={{ base: "md", sm: "lg" }}
      component="section"
      aria-labelledby={id}
      style={tone === "danger" ? { borderColor: "var(--mantine-color-red-4)" } : undefined}
    >
      <Stack gap={compact ? "sm" : "md"}>
        <Group justify="space-between" align="flex-start" gap={compact ? "xs" : "sm"}>
          <Stack gap={compact ? 2 : 4} style={{ flex: "1 1 260px" }}>
            <Title order={2} size={compact ? "h4" : "h3"} id={id} c={tone === "danger" ? "red.8" : undefined}>
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
