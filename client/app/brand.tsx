import { Group, Text, ThemeIcon, UnstyledButton } from "@mantine/core";
import { Link } from "react-router";

/** The product name in the header, linking home. */
export function Brand({ to }: { to: string }) {
  return (
    <UnstyledButton component={Link} to={to} aria-label="HireXp home">
      <Group gap={8} wrap="nowrap">
        <ThemeIcon size={30} radius="md" aria-hidden>
          <Text fw={800} size="sm" c="white">
            H
          </Text>
        </ThemeIcon>
        <Text fw={700} size="lg">
          HireXp
        </Text>
      </Group>
    </UnstyledButton>
  );
}
