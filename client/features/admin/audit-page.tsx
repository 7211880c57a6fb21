// Admin → Audit log: who did what to whom, when and from where. Newest first, filters in
// the URL, "Load more" keyset pages, each row's details on demand, and a CSV export of
// everything the filters match.
import { Fragment, useState } from "react";
import {
  Anchor,
  Button,
  Code,
  Container,
  Group,
  Loader,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Link } from "react-router";
import type { AppRouter } from "../../../server/routers/app.ts";
import type { AdminAuditListInput } from "../../../shared/schemas/admin.ts";
import { FormAlert } from "../../components/form-alert.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { usePageTitle } from "../../lib/page-title.ts";
import { adminUserPath } from "../../lib/paths.ts";
import { errorMessage, trpc } from "../../lib/trpc.ts";
import { AdminPageHeader } from "./admin-page-header.tsx";
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, auditActionLabel } from "./admin-text.ts";
import { DebouncedTextInput } from "./debounced-text-input.tsx";
import { endOfDay, oneOf, startOfDay, useUrlParams, type ParamValues } from "./url-state.ts";

export type AuditEntry = inferRouterOutputs<AppRouter>["admin"]["audit"]["list"]["entries"][number];

export const AUDIT_PAGE_SIZE = 50;
const KEYS = ["action", "actorId", "targetId", "ip", "from", "to"] as const;
type Key = (typeof KEYS)[number];
type Filter = Omit<NonNullable<AdminAuditListInput>, "limit" | "cursor">;

/** The filters in the URL, as the list procedure and the CSV export take them. */
export function auditFilter(v: ParamValues<Key>): Filter {
  const f: Filter = {};
  const action = oneOf(v.action, AUDIT_ACTIONS);
  if (action) f.action = action;
  if (v.actorId.trim()) f.actorId = v.actorId.trim();
  if (v.targetId.trim()) f.targetId = v.targetId.trim();
  if (v.ip.trim()) f.ip = v.ip.trim();
  const from = startOfDay(v.from);
  if (from) f.from = from;
  const to = endOfDay(v.to);
  if (to) f.to = to;
  return f;
}

/** `/api/admin/audit.csv?…` with the same filters (dates as ISO instants). */
export function auditCsvHref(f: Filter): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) {
    if (v instanceof Date) q.set(k, v.toISOString());
    else if (typeof v === "string" && v) q.set(k, v);
  }
  const s = q.toString();
  return `/api/admin/audit.csv${s ? `?${s}` : ""}`;
}

export function AuditPage() {
  usePageTitle("Audit log");
  const { values, set, clear } = useUrlParams(KEYS);
  const filter = auditFilter(values);
  const entries = useInfiniteQuery(
    trpc.admin.audit.list.infiniteQueryOptions({ ...filter, limit: AUDIT_PAGE_SIZE }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const rows = entries.data?.pages.flatMap((p) => p.entries) ?? [];
  const filtered = KEYS.some((k) => values[k]);

  return (
    <Container size="xl" px={0}>
      <Stack gap="lg">
        <AdminPageHeader
          title="Audit log"
          description="Who did what to whom, when and from where. Newest first."
          actions={
            <Button component="a" href={auditCsvHref(filter)} download variant="default">
              Export CSV
            </Button>
          }
        />

        <Paper withBorder p="md" component="section" aria-label="Filters">
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
              <NativeSelect
                label="Action"
                description="What happened"
                value={values.action}
                onChange={(e) => set({ action: e.currentTarget.value })}
                data={[{ value: "", label: "Any action" }, ...AUDIT_ACTIONS.map((a) => ({ value: a, label: AUDIT_ACTION_LABELS[a] }))]}
              />
              <DebouncedTextInput label="Actor id" description="Who did it" value={values.actorId} onCommit={(actorId) => set({ actorId })} spellCheck={false} />
              <DebouncedTextInput label="Target id" description="To whom" value={values.targetId} onCommit={(targetId) => set({ targetId })} spellCheck={false} />
              <DebouncedTextInput label="IP address" description="Exact match" value={values.ip} onCommit={(ip) => set({ ip })} spellCheck={false} />
              <TextInput label="From" description="First day" type="date" value={values.from} max={values.to || undefined} onChange={(e) => set({ from: e.currentTarget.value })} />
              <TextInput label="To" description="Last day" type="date" value={values.to} min={values.from || undefined} onChange={(e) => set({ to: e.currentTarget.value })} />
            </SimpleGrid>
            {filtered && (
              <Group>
                <Button variant="subtle" size="compact-sm" onClick={clear}>
                  Clear filters
                </Button>
              </Group>
            )}
          </Stack>
        </Paper>

        {entries.isPending ? (
          <PageLoader label="Loading the audit log…" />
        ) : !entries.data ? (
          <QueryError title="We could not load the audit log" error={entries.error} onRetry={() => void entries.refetch()} retrying={entries.isFetching} />
        ) : (
          <Paper withBorder component="section" aria-label="Audit entries">
            <AuditTable entries={rows} />
            {rows.length === 0 && (
              <Stack align="center" gap="xs" py="xl">
                <Text fw={500}>{filtered ? "No entries match these filters" : "Nothing recorded yet"}</Text>
                {filtered && (
                  <Button variant="default" size="xs" onClick={clear}>
                    Clear filters
                  </Button>
                )}
              </Stack>
            )}
            <Stack gap="sm" p="sm" style={{ borderTop: "1px solid var(--mantine-color-default-border)" }}>
              {entries.isFetchNextPageError && <FormAlert title="We could not load more">{errorMessage(entries.error)}</FormAlert>}
              <Group justify="space-between">
                <Group gap="xs">
                  <Text size="sm" c="dimmed" aria-live="polite">
                    {rows.length === 0 ? "" : `Showing ${rows.length.toLocaleString()} ${rows.length === 1 ? "entry" : "entries"}${entries.hasNextPage ? "" : " — that is all"}`}
                  </Text>
                  {entries.isFetching && !entries.isFetchingNextPage && <Loader size="xs" aria-label="Loading" />}
                </Group>
                {entries.hasNextPage && (
                  <Button variant="default" size="xs" onClick={() => void entries.fetchNextPage()} loading={entries.isFetchingNextPage}>
                    Load more
                  </Button>
                )}
              </Group>
            </Stack>
          </Paper>
        )}
      </Stack>
    </Container>
  );
}

function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  if (entries.length === 0) return null;
  return (
    <Table.ScrollContainer minWidth={860} type="native">
      <Table verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">When</Table.Th>
            <Table.Th scope="col">Action</Table.Th>
            <Table.Th scope="col">Actor</Table.Th>
            <Table.Th scope="col">Target</Table.Th>
            <Table.Th scope="col">IP address</Table.Th>
            {/* Relative: keeps the hidden label inside the scrolling box on narrow screens. */}
            <Table.Th scope="col" pos="relative">
              <VisuallyHidden>Details</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((e) => {
            const expanded = open.has(e.id);
            const detailsId = `audit-details-${e.id}`;
            return (
              <Fragment key={e.id}>
                <Table.Tr>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>
                    <Text size="sm">{formatDateTime(e.createdAt)}</Text>
                    <RelativeTime date={e.createdAt} size="xs" c="dimmed" />
                  </Table.Td>
                  <Table.Th scope="row" fw={500}>
                    {auditActionLabel(e.action)}
                  </Table.Th>
                  <Table.Td>
                    <Person id={e.userId} email={e.actorEmail} none="System or deleted user" />
                  </Table.Td>
                  <Table.Td>
                    <Person id={e.targetUserId} email={e.targetEmail} none="—" />
                  </Table.Td>
                  <Table.Td>
                    {e.ipAddress ? (
                      <Text size="sm" ff="monospace">
                        {e.ipAddress}
                      </Text>
                    ) : (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button
                      variant="subtle"
                      size="compact-sm"
                      aria-expanded={expanded}
                      aria-controls={detailsId}
                      aria-label={`${expanded ? "Hide" : "Show"} details: ${auditActionLabel(e.action)}, ${formatDateTime(e.createdAt)}`}
                      onClick={() => toggle(e.id)}
                    >
                      {expanded ? "Hide" : "Details"}
                    </Button>
                  </Table.Td>
                </Table.Tr>
                {expanded && (
                  <Table.Tr id={detailsId}>
                    <Table.Td colSpan={6} bg="var(--mantine-color-default-hover)">
                      <Stack gap={6}>
                        <Code block style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                          {JSON.stringify(e.details, null, 2)}
                        </Code>
                        <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                          {`Entry ${e.id} · ${e.userAgent ? `User agent: ${e.userAgent}` : "No user agent"}`}
                        </Text>
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Person({ id, email, none }: { id: string | null; email: string | null; none: string }) {
  if (!id) {
    return (
      <Text size="sm" c="dimmed">
        {none}
      </Text>
    );
  }
  return (
    <Anchor component={Link} to={adminUserPath(id)} size="sm" style={{ overflowWrap: "anywhere" }}>
      {email ?? id}
    </Anchor>
  );
}
