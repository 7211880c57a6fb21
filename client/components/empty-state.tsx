// The "nothing here yet" card of a list page: what is missing, why, and the one thing to do next.
import { Button, Card, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";

export function EmptyState({ title, children, action }: { title: string; children: ReactNode; action?: { label: string; to: string } }) {
  return (
    <Card withBorder padding="xl">
      <Stack gap="xs" align="flex-start">
        <Text fw={600}>{title}</Text>
        <Text size="sm" c="dimmed">
          {children}
        </Text>
        {action && (
          <Button component={Link} to={action.to} variant="light">
            {action.label}
          </Button>
        )}
      </Stack>
    </Card>
  );
}
