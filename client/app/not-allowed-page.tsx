import { Button, Container, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";
import { usePageTitle } from "../lib/page-title.ts";
import { paths } from "../lib/paths.ts";

/** A signed-in person opened a page their role may not see (e.g. the admin console). */
export function NotAllowedPage({ who = "administrators" }: { who?: string }) {
  usePageTitle("Not allowed");
  return (
    <Container size={560} py={48} px={0}>
      <Stack gap="md" align="flex-start">
        <Text c="dimmed" fw={600}>
          403
        </Text>
        <Title order={1}>You don't have access to this page</Title>
        <Text c="dimmed">This part of HireXp is only for {who}. If you think you should have access, ask an administrator.</Text>
        <Button component={Link} to={paths.dashboard}>
          Go to your dashboard
        </Button>
      </Stack>
    </Container>
  );
}
