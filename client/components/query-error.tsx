import { Alert, Button, Group, Text } from "@mantine/core";
import { errorMessage } from "../lib/trpc.ts";

type Props = { error: unknown; onRetry?: () => void; title?: string; retrying?: boolean };

/** A failed load: the reason in words and a way to try again. */
export function QueryError({ error, onRetry, title = "We could not load this", retrying }: Props) {
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      <Text size="sm">{errorMessage(error)}</Text>
      {onRetry && (
        <Group mt="sm">
          <Button size="xs" variant="white" color="red" onClick={onRetry} loading={retrying}>
            Try again
          </Button>
        </Group>
      )}
    </Alert>
  );
}
