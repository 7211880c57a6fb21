import { Container, Stack, Text, Title } from "@mantine/core";
import { usePageTitle } from "../../lib/page-title.ts";
import { ChangePasswordSection } from "./change-password-section.tsx";
import { DeactivateSection } from "./deactivate-section.tsx";
import { EmailChangeSection } from "./email-change-section.tsx";
import { SecurityActivitySection } from "./security-activity-section.tsx";
import { SessionsSection } from "./sessions-section.tsx";
import { SignInMethodsSection } from "./sign-in-methods-section.tsx";
import { DeleteAccountSection, DownloadDataSection } from "./your-data-section.tsx";

/** Settings → Security: password, devices, sign-in methods, email, activity, your data, deactivation, deletion. */
export function SecurityPage() {
  usePageTitle("Security");
  return (
    <Container size="md" px={0}>
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1}>Security</Title>
          <Text c="dimmed">Keep your account safe: how you sign in, where you are signed in, and what happened recently.</Text>
        </Stack>
        <ChangePasswordSection />
        <SessionsSection />
        <SignInMethodsSection />
        <EmailChangeSection />
        <SecurityActivitySection />
        <DownloadDataSection />
        <DeactivateSection />
        <DeleteAccountSection />
      </Stack>
    </Container>
  );
}
