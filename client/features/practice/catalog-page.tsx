// /practice: the published content a trainee can practise with, filtered by type, category
// and difficulty, searched by title and description, paged with "Show more".
import { Badge, Button, Card, Container, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { CATEGORIES, CONTENT_TYPES, DIFFICULTIES, type CatalogListInput } from "../../../shared/schemas/content.ts";
import { PageLoader } from "../../components/page-loader.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { usePageTitle } from "../../lib/page-title.ts";
import { practiceItemPath } from "../../lib/paths.ts";
import { trpc } from "../../lib/trpc.ts";
import { CATEGORY_LABELS, DIFFICULTY_COLORS, DIFFICULTY_LABELS, labelOf, TYPE_LABELS } from "./content-text.ts";

const INLINE_DROPDOWN = { withinPortal: false } as const;

const pick = <T extends string>(all: readonly T[], v: string | null): T | undefined => (v && (all as readonly string[]).includes(v) ? (v as T) : undefined);

export function CatalogPage() {
  usePageTitle("Practice");
  const [params, setParams] = useSearchParams();
  const [q] = useDebouncedValue(params.get("q") ?? "", 300);
  const filter: CatalogListInput = {
    type: pick(CONTENT_TYPES, params.get("type")),
    category: pick(CATEGORIES, params.get("category")),
    difficulty: pick(DIFFICULTIES, params.get("difficulty")),
    q: q.trim() || undefined,
  };
  const list = useInfiniteQuery(
    trpc.catalog.list.infiniteQueryOptions(filter, { getNextPageParam: (last) => last.nextCursor ?? undefined, initialCursor: undefined }),
  );
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Container size="lg" px={0}>
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1}>Practice</Title>
          <Text c="dimmed">Scenarios to talk through with the coach, assessments, lessons and exercises written by instructors.</Text>
        </Stack>
        {/* The filters' option lists open in place (not in a portal at the end of <body>), so they stay inside the main landmark. */}
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput label="Search" placeholder="Title or description" value={params.get("q") ?? ""} onChange={(e) => set("q", e.currentTarget.value)} w={{ base: "100%", sm: 260 }} />
          <Select label="Type" placeholder="All types" clearable comboboxProps={INLINE_DROPDOWN} data={CONTENT_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }))} value={filter.type ?? null} onChange={(v) => set("type", v)} w={{ base: "100%", sm: 180 }} />
          <Select label="Category" placeholder="All categories" clearable comboboxProps={INLINE_DROPDOWN} data={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }))} value={filter.category ?? null} onChange={(v) => set("category", v)} w={{ base: "100%", sm: 190 }} />
          <Select label="Difficulty" placeholder="Any level" clearable comboboxProps={INLINE_DROPDOWN} data={DIFFICULTIES.map((d) => ({ value: d, label: DIFFICULTY_LABELS[d] }))} value={filter.difficulty ?? null} onChange={(v) => set("difficulty", v)} w={{ base: "100%", sm: 160 }} />
        </Group>

        {list.isPending ? (
          <PageLoader label="Loading the catalogue…" />
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} retrying={list.isRefetching} />
        ) : items.length === 0 ? (
          <EmptyState title="Nothing matches these filters.">Try another type or level, or clear the search.</EmptyState>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
            {items.map((item) => (
              <Card key={item.id} withBorder padding="lg" component="li">
                <Stack gap="xs" h="100%">
                  <Group gap={6}>
                    <Badge variant="light" color="gray">
                      {TYPE_LABELS[item.type]}
                    </Badge>
                    <Badge variant="light" color={DIFFICULTY_COLORS[item.difficulty as keyof typeof DIFFICULTY_COLORS] ?? "gray"}>
                      {labelOf(DIFFICULTY_LABELS, item.difficulty)}
                    </Badge>
                  </Group>
                  <Title order={2} size="h4">
                    <Link to={practiceItemPath(item.id)} style={{ color: "inherit" }}>
                      {item.title}
                    </Link>
                  </Title>
                  {item.description && (
                    <Text size="sm" c="dimmed" lineClamp={3}>
                      {item.description}
                    </Text>
                  )}
                  <Group gap="md" mt="auto">
                    {item.estimatedMinutes !== null && <Text size="sm">About {item.estimatedMinutes} min</Text>}
                    <Text size="sm">{item.ratingCount > 0 ? `★ ${item.rating.toFixed(1)} (${item.ratingCount})` : "Not rated yet"}</Text>
                    <Text size="sm" c="dimmed">
                      {labelOf(CATEGORY_LABELS, item.category)}
                    </Text>
                  </Group>
                </Stack>
              </Card>
            ))}
          </SimpleGrid>
        )}
        {list.hasNextPage && (
          <Group justify="center">
            <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              Show more
            </Button>
          </Group>
        )}
      </Stack>
    </Container>
  );
}
