import { Button, Container, Group, Stack, Text, Title } from "@mantine/core";
import { useRouteError } from "react-router";
import { usePageTitle } from "../lib/page-title.ts";
import { paths } from "../lib/paths.ts";

/** Shown when a page crashed while rendering: an apology and a way out, never a stack trace. */
export function RouteError() {
  const error = useRouteError();
  usePageTitle("Something went wrong");
  if (import.meta.env.DEV) console.error(error);
  return (
    <Container size={560} py={64}>
      <Stack gap="md" align="flex-start" role="alert">
        <Title order={1}>Something went wrong</Title>
        <Text c="dimmed">This page ran into a problem. Reloading usually helps; if it keeps happening, please tell us.</Text>
        <Group>
          <Button onClick={() => window.location.reload()}>Reload the page</Button>
          <Button component="a" href={paths.home} variant="default">
            Go to the home page
          </Button>
        </Group>
      </Stack>
    </Container>
  );
}
