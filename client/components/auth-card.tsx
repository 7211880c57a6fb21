import type { ReactNode } from "react";
import { Container, Paper, Stack, Text, Title } from "@mantine/core";

type Props = { title: string; description?: ReactNode; children: ReactNode; footer?: ReactNode };

/** The centred card that holds the sign-in, sign-up and password pages. */
export function AuthCard({ title, description, children, footer }: Props) {
  return (
    <Container size={460} py={{ base: "lg", sm: 48 }}>
      <Paper withBorder shadow="sm" p={{ base: "lg", sm: "xl" }} radius="md">
        <Stack gap="lg">
          <Stack gap={6}>
            <Title order={1} size="h2">
              {title}
            </Title>
            {description && (
              <Text c="dimmed" size="sm">
                {description}
              </Text>
            )}
          </Stack>
          {children}
        </Stack>
      </Paper>
      {footer && (
        <Text ta="center" size="sm" mt="md">
          {footer}
        </Text>
      )}
    </Container>
  );
}
