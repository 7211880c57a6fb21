// /company/shortlist — the candidates this company marked, newest first, with each trainee's
// answer; contact details appear only once a trainee accepted (the server sends them then
// and only then). Keyset "Show more"; empty: how to find candidates.
import { Anchor, Badge, Button, Card, Container, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Link } from "react-router";
import type { AppRouter } from "../../../server/routers/app.ts";
import { EmptyState } from "../../components/empty-state.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { usePageTitle } from "../../lib/page-title.ts";
import { companyCandidatePath, paths } from "../../lib/paths.ts";
import { trpc } from "../../lib/trpc.ts";
import { QuotaLine } from "./interest-panel.tsx";

type Item = inferRouterOutputs<AppRouter>["company"]["candidates"]["shortlist"]["items"][number];

const RESPONSE: Record<Item["response"], { label: string; color: string }> = {
  pending: { label: "Waiting for an answer", color: "gray" },
  accepted: { label: "Accepted", color: "teal" },
  declined: { label: "Declined", color: "red" },
};

export function ResponseBadge({ response }: { response: Item["response"] }) {
  const r = RESPONSE[response];
  return (
    <Badge color={r.color} variant="light">
      {r.label}
    </Badge>
  );
}

function ShortlistCard({ item }: { item: Item }) {
  const headingId = `shortlist-${item.candidateId}`;
  return (
    <Card withBorder padding="lg" component="article" aria-labelledby={headingId} data-testid="shortlist-card">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2}>
            <Anchor component={Link} to={companyCandidatePath(item.candidateId)} fw={600} id={headingId}>
              {item.name ?? "Unnamed candidate"}
            </Anchor>
            {item.headline && (
              <Text size="sm" c="dimmed">
                {item.headline}
              </Text>
            )}
          </Stack>
          <ResponseBadge response={item.response} />
        </Group>
        {item.location && <Text size="sm">{item.location}</Text>}
        <Text size="xs" c="dimmed">
          Marked <RelativeTime date={item.interestedAt} />
          {item.respondedAt && (
            <>
              {" · answered "}
              <RelativeTime date={item.respondedAt} />
            </>
          )}
        </Text>
        {item.contact ? (
          <Stack gap={2} aria-label="Contact details">
            <Text size="sm">
              Email: <Anchor href={`mailto:${item.contact.email}`}>{item.contact.email}</Anchor>
            </Text>
            {item.contact.phone && (
              <Text size="sm">
                Phone: <Anchor href={`tel:${item.contact.phone.replace(/[^\d+]/g, "")}`}>{item.contact.phone}</Anchor>
              </Text>
            )}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            {item.response === "declined" ? "This candidate chose not to share their contact details." : "Contact details appear here if the candidate accepts."}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

export function ShortlistPage() {
  usePageTitle("Shortlist");
  const list = useInfiniteQuery(trpc.company.candidates.shortlist.infiniteQueryOptions({}, { getNextPageParam: (last) => last.nextCursor ?? undefined, initialCursor: undefined }));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Container size="lg" px={0}>
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1}>Shortlist</Title>
          <Text c="dimmed">Candidates you marked interest in, and their answers. A candidate who accepts shares their email and phone with you.</Text>
          <QuotaLine />
        </Stack>
        {list.isPending ? (
          <PageLoader label="Loading your shortlist…" />
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} retrying={list.isRefetching} />
        ) : items.length === 0 ? (
          <EmptyState title="No one on your shortlist yet" action={{ label: "Search candidates", to: paths.companySearch }}>
            Open a candidate's page and mark interest: they appear here with their answer.
          </EmptyState>
        ) : (
          <>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              {items.map((item) => (
                <ShortlistCard key={item.candidateId} item={item} />
              ))}
            </SimpleGrid>
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
