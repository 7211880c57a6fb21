// /studio — the instructor's own content: type, status (draft, published, changes pending),
// use (views, rating, completions) and last edit; filtered by type and status, searched by
// title, paged with "Load more". Each row can be edited, followed in its statistics,
// published or unpublished, and deleted (after a confirmation).
import { useDeferredValue, useState } from "react";
import { Anchor, Badge, Button, Card, Container, Group, Menu, Select, Stack, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Link } from "react-router";
import type { AppRouter } from "../../../server/routers/app.ts";
import { CONTENT_TYPES } from "../../../shared/content-types.ts";
import type { ContentMineInput } from "../../../shared/schemas/content.ts";
import { ConfirmModal } from "../../components/confirm-modal.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { usePageTitle } from "../../lib/page-title.ts";
import { studioEditPath, studioNewPath, studioStatsPath } from "../../lib/paths.ts";
import { appCodeOf, errorMessage, queryClient, trpc } from "../../lib/trpc.ts";
import { DebouncedTextInput } from "../admin/debounced-text-input.tsx";
import { oneOf, useUrlParams } from "../admin/url-state.ts";
import { TYPE_LABELS } from "../practice/content-text.ts";
import { typeSlug } from "./type-slug.ts";
import { PublishNotice, usePublishRight } from "./publish-notice.tsx";
import { STUDIO_FILTER_KEYS, studioListOptions } from "./studio-list.ts";

type Row = inferRouterOutputs<AppRouter>["content"]["mine"]["items"][number];

const INLINE = { withinPortal: false } as const;
const KEYS = STUDIO_FILTER_KEYS;
const STATUSES = ["draft", "published"] as const;

export function StudioPage() {
  usePageTitle("Studio");
  const { values, set, clear } = useUrlParams(KEYS);
  const filter: ContentMineInput = {
    type: oneOf(values.type, CONTENT_TYPES),
    status: oneOf(values.status, STATUSES),
    q: values.q.trim() || undefined,
  };
  const filtered = Boolean(filter.type || filter.status || filter.q);
  const list = useInfiniteQuery(studioListOptions(filter));
  // The list renders as a transition once it arrives (the loader stays until it is all there): in
  // slices that leave the browser free, not in the query's synchronous update (as the admin
  // dashboard's statistics).
  const data = useDeferredValue(list.data);
  const items = data?.pages.flatMap((p) => p.items) ?? [];
  const right = usePublishRight();
  const [refusal, setRefusal] = useState<string | null>(null);

  return (
    <Container size="xl" px={0}>
      <Stack gap="lg">
        <Group justify="space-between" align="flex-end">
          <Stack gap={4}>
            <Title order={1}>Studio</Title>
            <Text c="dimmed">Write scenarios, assessments, lessons and exercises, preview them as a trainee, and publish them to the practice catalogue.</Text>
          </Stack>
          <NewMenu />
        </Group>
        <PublishNotice right={right} refusal={refusal} />

        <Group gap="sm" align="flex-end" wrap="wrap">
          <DebouncedTextInput label="Search by title" placeholder="Title" value={values.q} onCommit={(q) => set({ q })} w={{ base: "100%", sm: 260 }} />
          <Select label="Type" placeholder="All types" clearable comboboxProps={INLINE} data={CONTENT_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }))} value={filter.type ?? null} onChange={(v) => set({ type: v ?? "" })} w={{ base: "100%", sm: 190 }} />
          <Select
            label="Status"
            placeholder="Any status"
            clearable
            comboboxProps={INLINE}
            data={[
              { value: "draft", label: "Draft" },
              { value: "published", label: "Published" },
            ]}
            value={filter.status ?? null}
            onChange={(v) => set({ status: v ?? "" })}
            w={{ base: "100%", sm: 160 }}
          />
          {filtered && (
            <Button variant="subtle" onClick={clear}>
              Clear filters
            </Button>
          )}
        </Group>

        {list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} retrying={list.isRefetching} />
        ) : data === undefined ? (
          <PageLoader label="Loading your content…" />
        ) : items.length === 0 ? (
          filtered ? (
            <EmptyState title="Nothing of yours matches these filters.">Try another type or status, or clear the search.</EmptyState>
          ) : (
            <Card withBorder padding="xl">
              <Stack gap="sm" align="flex-start">
                <Title order={2} size="h3">
                  Create your first item
                </Title>
                <Text size="sm">
                  Start with a chat scenario: a persona, the goals a trainee should get across, and the coach's script. Or write a lesson, an exercise or an assessment. Drafts stay private until you publish them.
                </Text>
                <Group gap="sm">
                  <Button component={Link} to={studioNewPath(typeSlug("CHAT_SCENARIO"))}>
                    New chat scenario
                  </Button>
                  <NewMenu variant="default" label="Something else" />
                </Group>
              </Stack>
            </Card>
          )
        ) : (
          <Table.ScrollContainer minWidth={820}>
            <Table verticalSpacing="sm" highlightOnHover aria-label="Your content, most recently edited first">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Title</Table.Th>
                  <Table.Th>Type</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th ta="right">Views</Table.Th>
                  <Table.Th ta="right">Rating</Table.Th>
                  <Table.Th ta="right">Completions</Table.Th>
                  <Table.Th>Updated</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((row) => (
                  <ContentRow key={row.id} row={row} onRefused={setRefusal} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {list.hasNextPage && (
          <Group justify="center">
            <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              Load more
            </Button>
          </Group>
        )}
      </Stack>
    </Container>
  );
}

function NewMenu({ variant = "filled", label = "New" }: { variant?: "filled" | "default"; label?: string }) {
  return (
    <Menu position="bottom-end" withinPortal={false}>
      <Menu.Target>
        <Button variant={variant} aria-label={label === "New" ? "New content" : label}>
          {label} ▾
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {CONTENT_TYPES.map((t) => (
          <Menu.Item key={t} component={Link} to={studioNewPath(typeSlug(t))}>
            {TYPE_LABELS[t]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

function RowStatus({ row }: { row: Row }) {
  if (row.status === "draft") return <Badge variant="light" color="yellow">Draft</Badge>;
  return row.hasUnpublishedChanges ? (
    <Badge variant="light" color="orange">
      Changes pending
    </Badge>
  ) : (
    <Badge variant="light" color="teal">
      Published
    </Badge>
  );
}

function ContentRow({ row, onRefused }: { row: Row; onRefused: (message: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.content.mine.pathKey() });
  const failed = (title: string) => (error: unknown) => {
    if (appCodeOf(error) === "INSTRUCTOR_NOT_VERIFIED") onRefused(errorMessage(error));
    notifications.show({ color: "red", title, message: errorMessage(error) });
  };
  const publish = useMutation({
    ...trpc.content.publish.mutationOptions(),
    onSuccess: () => {
      refresh();
      notifications.show({ color: "teal", title: "Published", message: `“${row.title}” is in the practice catalogue.` });
    },
    onError: failed("Not published"),
  });
  const unpublish = useMutation({
    ...trpc.content.unpublish.mutationOptions(),
    onSuccess: () => {
      refresh();
      notifications.show({ color: "teal", title: "Unpublished", message: `Trainees no longer see “${row.title}”.` });
    },
    onError: failed("Not unpublished"),
  });
  const remove = useMutation({
    ...trpc.content.delete.mutationOptions(),
    onSuccess: () => {
      setConfirming(false);
      refresh();
      notifications.show({ color: "teal", title: "Deleted", message: `“${row.title}” is deleted.` });
    },
  });
  const pendingOrPublishable = row.status === "draft" || row.hasUnpublishedChanges;
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={studioEditPath(row.id)} fw={500}>
          {row.title}
        </Anchor>
      </Table.Td>
      <Table.Td>{TYPE_LABELS[row.type]}</Table.Td>
      <Table.Td>
        <RowStatus row={row} />
      </Table.Td>
      <Table.Td ta="right">{row.views}</Table.Td>
      <Table.Td ta="right">{row.ratingCount > 0 ? `★ ${row.rating.toFixed(1)} (${row.ratingCount})` : "—"}</Table.Td>
      <Table.Td ta="right">{row.completions}</Table.Td>
      <Table.Td>
        <RelativeTime date={row.updatedAt} />
      </Table.Td>
      <Table.Td>
        <Menu position="bottom-end" withinPortal={false}>
          <Menu.Target>
            <Button variant="default" size="xs" aria-label={`Actions for “${row.title}”`}>
              Actions ▾
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item component={Link} to={studioEditPath(row.id)}>
              Edit
            </Menu.Item>
            <Menu.Item component={Link} to={studioStatsPath(row.id)}>
              Statistics
            </Menu.Item>
            {pendingOrPublishable && (
              <Menu.Item onClick={() => publish.mutate({ id: row.id })} disabled={publish.isPending}>
                {row.status === "draft" ? "Publish" : "Publish changes"}
              </Menu.Item>
            )}
            {row.status === "published" && (
              <Menu.Item onClick={() => unpublish.mutate({ id: row.id })} disabled={unpublish.isPending}>
                Unpublish
              </Menu.Item>
            )}
            <Menu.Divider />
            <Menu.Item color="red.8" onClick={() => setConfirming(true)}>
              Delete…
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
        <ConfirmModal
          opened={confirming}
          onClose={() => setConfirming(false)}
          title={`Delete “${row.title}”?`}
          confirmLabel="Delete"
          onConfirm={() => remove.mutate({ id: row.id })}
          loading={remove.isPending}
          error={remove.isError ? errorMessage(remove.error) : null}
        >
          {row.status === "published"
            ? "It leaves the catalogue at once, and its versions are deleted. Trainees' past sessions and scores stay. This cannot be undone."
            : "The draft and its versions are deleted. This cannot be undone."}
        </ConfirmModal>
      </Table.Td>
    </Table.Tr>
  );
}
