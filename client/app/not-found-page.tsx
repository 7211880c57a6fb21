import { Button, Container, Stack, Text, Title } from "@mantine/core";
import { Link, useLocation } from "react-router";
import { usePageTitle } from "../lib/page-title.ts";
import { paths } from "../lib/paths.ts";

export function NotFoundPage() {
  usePageTitle("Page not found");
  const location = useLocation();
  return (
    <Container size={560} py={64}>
      <Stack gap="md" align="flex-start">
        <Text c="dimmed" fw={600}>
          404
        </Text>
        <Title order={1}>We could not find that page</Title>
        <Text c="dimmed">
          There is nothing at <code>{location.pathname}</code>. The link may be mistyped or out of date.
        </Text>
        <Button component={Link} to={paths.home}>
          Go to the home page
        </Button>
      </Stack>
    </Container>
  );
}
