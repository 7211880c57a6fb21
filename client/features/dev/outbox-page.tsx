import { Fragment, useState, type ReactNode } from "react";
import { Alert, Anchor, Badge, Button, Code, Container, Group, Paper, Stack, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { usePageTitle } from "../../lib/page-title.ts";
import { trpc, trpcCodeOf } from "../../lib/trpc.ts";

/**
 * Development only: the mails the server would have sent, so a developer can open the
 * verification and reset links without a mail server. The server refuses (NOT_FOUND) in
 * production and when SMTP is configured.
 */
export function OutboxPage() {
  usePageTitle("Dev outbox");
  const outbox = useQuery({
    ...trpc.dev.outbox.queryOptions(),
    retry: false,
    staleTime: 0,
    // Mail is queued, then sent by a worker: keep the list fresh while the page is open.
    refetchInterval: (q) => (q.state.status === "error" ? false : 5_000),
  });
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Container size="lg" py="xl">
      <Stack gap="lg">
        <Group justify="space-between" align="flex-end">
          <Stack gap={4}>
            <Title order={1}>Dev outbox</Title>
            <Text c="dimmed" size="sm">
              The 50 most recent mails. Open one to follow its links (for example, to verify an account).
            </Text>
          </Stack>
          {!outbox.isError && (
            <Button variant="default" onClick={() => void outbox.refetch()} loading={outbox.isFetching && !outbox.isPending}>
              Refresh
            </Button>
          )}
        </Group>

        {outbox.isPending ? (
          <PageLoader label="Loading mails…" />
        ) : outbox.isError ? (
          trpcCodeOf(outbox.error) === "NOT_FOUND" ? (
            <Alert color="gray" title="The dev outbox is off" role="status">
              This server sends real mail (SMTP is configured) or runs in production, so there is nothing to show here.
              Check the inbox of the address instead.
            </Alert>
          ) : (
            <QueryError error={outbox.error} onRetry={() => void outbox.refetch()} retrying={outbox.isFetching} />
          )
        ) : outbox.data.length === 0 ? (
          <Paper withBorder p="xl" ta="center">
            <Text fw={600}>No mail yet</Text>
            <Text c="dimmed" size="sm">
              Sign up or ask for a password reset, and the mail shows up here within a few seconds.
            </Text>
          </Paper>
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>To</Table.Th>
                  <Table.Th>Subject</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th>Queued</Table.Th>
                  <Table.Th style={{ whiteSpace: "nowrap" }}>Status</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Details</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {outbox.data.map((mail) => {
                  const expanded = open.has(mail.id);
                  const detailsId = `mail-${mail.id}`;
                  return (
                    <Fragment key={mail.id}>
                      <Table.Tr>
                        <Table.Td>{mail.to}</Table.Td>
                        <Table.Td>{mail.subject}</Table.Td>
                        <Table.Td>
                          <Code>{mail.kind}</Code>
                        </Table.Td>
                        <Table.Td>
                          <time dateTime={new Date(mail.createdAt).toISOString()}>{formatTime(mail.createdAt)}</time>
                        </Table.Td>
                        <Table.Td>
                          <MailStatus sentAt={mail.sentAt} attempts={mail.attempts} lastError={mail.lastError} />
                        </Table.Td>
                        <Table.Td>
                          <Button
                            size="xs"
                            variant="light"
                            onClick={() => toggle(mail.id)}
                            aria-expanded={expanded}
                            aria-controls={detailsId}
                            aria-label={`${expanded ? "Hide" : "Show"} mail “${mail.subject}” to ${mail.to}`}
                          >
                            {expanded ? "Hide" : "Show"}
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                      {expanded && (
                        <Table.Tr id={detailsId}>
                          <Table.Td colSpan={6}>
                            <Paper withBorder p="md" className="hx-mail-text">
                              <Text component="pre" size="sm" style={{ whiteSpace: "pre-wrap", wordBreak: "break-word", margin: 0, fontFamily: "inherit" }}>
                                {linkify(mail.text)}
                              </Text>
                            </Paper>
                          </Table.Td>
                        </Table.Tr>
                      )}
                    </Fragment>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Container>
  );
}

function MailStatus({ sentAt, attempts, lastError }: { sentAt: Date | null; attempts: number; lastError: string | null }) {
  if (sentAt) return <Badge color="teal" variant="light" style={{ flexShrink: 0, minWidth: "max-content" }}>Sent</Badge>;
  if (lastError) {
    return (
      <Stack gap={2}>
        <Badge color="red" variant="light">
          Failed ({attempts} {attempts === 1 ? "try" : "tries"})
        </Badge>
        <Text size="xs" c="dimmed">
          {lastError}
        </Text>
      </Stack>
    );
  }
  return <Badge color="gray" variant="light" style={{ flexShrink: 0, minWidth: "max-content" }}>Queued</Badge>;
}

function formatTime(d: Date | string): string {
  return new Date(d).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

const URL_PATTERN = /(https?:\/\/[^\s<>"')\]]+)/g;

/** Plain text with its http(s) addresses turned into links. */
export function linkify(text: string): ReactNode[] {
  return text.split(URL_PATTERN).map((part, i) =>
    i % 2 === 1 ? (
      <Anchor key={i} href={part} style={{ wordBreak: "break-all" }}>
        {part}
      </Anchor>
    ) : (
      part
    ),
  );
}
