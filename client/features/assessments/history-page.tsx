// /assessments — the trainee's assessment results, newest first, filtered by type and paged
// with "Show more"; each opens its result with the review.
import { Anchor, Badge, Button, Container, Group, Select, Stack, Table, Text, Title } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { ASSESSMENT_TYPES } from "../../../shared/schemas/content.ts";
import { PageLoader } from "../../components/page-loader.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { usePageTitle } from "../../lib/page-title.ts";
import { assessmentResultPath, paths } from "../../lib/paths.ts";
import { trpc } from "../../lib/trpc.ts";
import { clock, typeLabel } from "./assessment-text.ts";

export function AssessmentHistoryPage() {
  usePageTitle("Assessments");
  const [params, setParams] = useSearchParams();
  const raw = params.get("type");
  const type = (ASSESSMENT_TYPES as readonly string[]).includes(raw ?? "") ? (raw as (typeof ASSESSMENT_TYPES)[number]) : undefined;
  const list = useInfiniteQuery(trpc.assessments.history.infiniteQueryOptions({ type }, { getNextPageParam: (last) => last.nextCursor ?? undefined, initialCursor: undefined }));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Container size="lg" px={0}>
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1}>Assessments</Title>
          <Text c="dimmed">Your timed assessments and their results. Start a new one from the catalogue.</Text>
        </Stack>
        <Group align="flex-end">
          <Select
            label="Type"
            value={type ?? "all"}
            onChange={(v) => setParams(!v || v === "all" ? {} : { type: v }, { replace: true })}
            data={[{ value: "all", label: "All types" }, ...ASSESSMENT_TYPES.map((t) => ({ value: t, label: typeLabel(t) }))]}
            allowDeselect={false}
            w={200}
          />
          <Button component={Link} to={`${paths.practice}?type=ASSESSMENT`} variant="light">
            Find an assessment
          </Button>
        </Group>
        {list.isPending ? (
          <PageLoader label="Loading your results…" />
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} retrying={list.isRefetching} />
        ) : items.length === 0 ? (
          <EmptyState title="No assessment results yet" action={{ label: "Browse assessments", to: `${paths.practice}?type=ASSESSMENT` }}>
            Take a grammar, vocabulary, reading or listening assessment to see where you stand.
          </EmptyState>
        ) : (
          <>
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Assessment</Table.Th>
                    <Table.Th>Type</Table.Th>
                    <Table.Th>Completed</Table.Th>
                    <Table.Th>Time</Table.Th>
                    <Table.Th>Score</Table.Th>
                    <Table.Th>Result</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((a) => (
                    <Table.Tr key={a.id}>
                      <Table.Td>
                        <Anchor component={Link} to={assessmentResultPath(a.id)}>
                          {a.title ?? typeLabel(a.type)}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{typeLabel(a.type)}</Table.Td>
                      <Table.Td>{formatDateTime(a.completedAt)}</Table.Td>
                      <Table.Td>{clock(a.timeTaken)}</Table.Td>
                      <Table.Td fw={700}>{Math.round(a.score)}%</Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={a.passed ? "teal" : "orange"}>
                          {a.passed ? "Passed" : "Not passed"}
                        </Badge>
                      </Table.Td>
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
