// /practice/history — the trainee's chat and call sessions, newest first, with their scores;
// filtered by kind, paged with "Show more". A session in progress opens where it left off.
import { Anchor, Badge, Button, Container, Group, SegmentedControl, Stack, Table, Text, Title } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { PageLoader } from "../../components/page-loader.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths, practiceCallPath, practiceChatPath, practiceReportPath } from "../../lib/paths.ts";
import { trpc } from "../../lib/trpc.ts";
import { formatClock, scoreText, STATUS_COLORS, STATUS_LABELS, type SessionSummary } from "./session-text.ts";

export const sessionLink = (s: Pick<SessionSummary, "id" | "type" | "status">) =>
  s.status === "ACTIVE" ? (s.type === "CHAT" ? practiceChatPath(s.id) : practiceCallPath(s.id)) : practiceReportPath(s.id);

export function HistoryPage() {
  usePageTitle("Practice history");
  const [params, setParams] = useSearchParams();
  const type = params.get("type") === "CHAT" ? "CHAT" : params.get("type") === "CALL" ? "CALL" : undefined;
  const list = useInfiniteQuery(
    trpc.practice.sessions.list.infiniteQueryOptions({ type }, { getNextPageParam: (last) => last.nextCursor ?? undefined, initialCursor: undefined }),
  );
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Container size="lg" px={0}>
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1}>Practice history</Title>
          <Text c="dimmed">Your conversations with the coach and how each one went.</Text>
        </Stack>
        <SegmentedControl
          aria-label="Kind of session"
          value={type ?? "ALL"}
          onChange={(v) => setParams(v === "ALL" ? {} : { type: v }, { replace: true })}
          data={[
            { value: "ALL", label: "All" },
            { value: "CHAT", label: "Chats" },
            { value: "CALL", label: "Calls" },
          ]}
          w={{ base: "100%", sm: 320 }}
        />
        {list.isPending ? (
          <PageLoader label="Loading your sessions…" />
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} retrying={list.isRefetching} />
        ) : items.length === 0 ? (
          <EmptyState title="No practice sessions yet" action={{ label: "Browse scenarios", to: paths.practice }}>
            Pick a chat or call scenario in the catalogue and start a conversation with the coach.
          </EmptyState>
        ) : (
          <>
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Scenario</Table.Th>
                    <Table.Th>Kind</Table.Th>
                    <Table.Th>Started</Table.Th>
                    <Table.Th>Length</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Score</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((s) => (
                    <Table.Tr key={s.id}>
                      <Table.Td>
                        <Anchor component={Link} to={sessionLink(s)}>
                          {s.title}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{s.type === "CHAT" ? "Chat" : "Call"}</Table.Td>
                      <Table.Td>{formatDateTime(s.startedAt)}</Table.Td>
                      <Table.Td>{formatClock(s.duration)}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={STATUS_COLORS[s.status]}>
                          {STATUS_LABELS[s.status]}
                        </Badge>
                      </Table.Td>
                      <Table.Td fw={700}>{s.overallScore === null ? "—" : scoreText(s.overallScore)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {list.hasNextPage && (
              <Group>
                <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                  Show more
                </Button>
              </Group>
            )}
          </>
        )}
      </Stack>
    </Container>
  );
}
