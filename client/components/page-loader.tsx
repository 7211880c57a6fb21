import { Center, Loader, Stack, Text } from "@mantine/core";

/** Shown while a page waits for its first data. */
export function PageLoader({ label = "Loading…" }: { label?: string }) {
  return (
    <Center mih={240} role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader aria-hidden />
        <Text c="dimmed" size="sm">
          {label}
        </Text>
      </Stack>
    </Center>
  );
}
