import type { ReactNode } from "react";
import { Anchor, Box, Button, Container, Group, Text } from "@mantine/core";
import { Link, Outlet } from "react-router";
import { needsEmailVerification, useMe } from "../lib/auth.ts";
import { paths } from "../lib/paths.ts";
import { Brand } from "./brand.tsx";
import { useHydrated } from "./hydration.ts";
import { PageSuspense } from "./lazy-page.tsx";
import { SkipLink } from "./skip-link.tsx";

/** Header and footer of the pages anyone can open (landing, sign-in, links from mails). */
export function PublicFrame({ children }: { children: ReactNode }) {
  return (
    <Box mih="100dvh" className="hx-page" style={{ display: "flex", flexDirection: "column" }}>
      <SkipLink />
      <Box component="header" className="hx-header">
        <Container size="lg" h={60}>
          <Group h="100%" justify="space-between" wrap="nowrap">
            <Brand to={paths.home} />
            <HeaderActions />
          </Group>
        </Container>
      </Box>
      <Box component="main" id="main" tabIndex={-1} style={{ flex: 1, outline: "none" }} px="md">
        {children}
      </Box>
      <Box component="footer" py="lg">
        <Container size="lg">
          <Text size="xs" c="dimmed" ta="center">
            HireXp · practise workplace communication ·{" "}
            <Anchor component={Link} to={paths.home} size="xs" c="dimmed">
              Home
            </Anchor>
          </Text>
        </Container>
      </Box>
    </Box>
  );
}

export function PublicLayout() {
  return (
    <PublicFrame>
      <PageSuspense>
        <Outlet />
      </PageSuspense>
    </PublicFrame>
  );
}

function HeaderActions() {
  const me = useMe();
  // Nothing until we know who this is (and never in the prerendered HTML: see hydration.ts).
  const hydrated = useHydrated();
  if (me.isPending || !hydrated) return null;
  if (me.data) {
    const unverified = needsEmailVerification(me.data);
    return (
      <Button component={Link} to={unverified ? paths.verifyEmailRequired : paths.dashboard} variant="light">
        {unverified ? "Confirm your email" : "Dashboard"}
      </Button>
    );
  }
  return (
    <Group gap="xs" wrap="nowrap">
      <Button component={Link} to={paths.signIn} variant="subtle">
        Sign in
      </Button>
      <Button component={Link} to={paths.signUp}>
        Sign up
      </Button>
    </Group>
  );
}
