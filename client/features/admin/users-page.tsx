// Admin → Users: find any user. Filters and sort live in the URL; pages are keyset pages
// (the server's nextCursor), with a stack of the cursors seen so far for "Previous".
import { useState, type ReactNode } from "react";
import {
  Anchor,
  Badge,
  Button,
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
  UnstyledButton,
  VisuallyHidden,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Link } from "react-router";
import type { AppRouter } from "../../../server/routers/app.ts";
import type { AdminUsersListInput } from "../../../shared/schemas/admin.ts";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { usePageTitle } from "../../lib/page-title.ts";
import { adminUserPath } from "../../lib/paths.ts";
import { trpc } from "../../lib/trpc.ts";
import { AdminPageHeader } from "./admin-page-header.tsx";
import { ROLE_COLORS, ROLE_LABELS, ROLES, STATUS_COLORS, STATUS_LABELS, STATUSES } from "./admin-text.ts";
import { DebouncedTextInput } from "./debounced-text-input.tsx";
import { endOfDay, oneOf, startOfDay, useUrlParams, type ParamValues } from "./url-state.ts";

export type AdminUserRow = inferRouterOutputs<AppRouter>["admin"]["users"]["list"]["users"][number];

export const USERS_PAGE_SIZE = 25;
const KEYS = ["q", "role", "status", "verified", "from", "to", "sort", "dir"] as const;
type Key = (typeof KEYS)[number];
type ListInput = NonNullable<AdminUsersListInput>;
type Sort = "createdAt" | "email";
type Direction = "asc" | "desc";

/** The default direction of each sort: newest first, A to Z. */
const DEFAULT_DIRECTION: Record<Sort, Direction> = { createdAt: "desc", email: "asc" };

function sortOf(v: ParamValues<Key>): { sort: Sort; direction: Direction } {
  const sort = oneOf(v.sort, ["createdAt", "email"] as const) ?? "createdAt";
  return { sort, direction: oneOf(v.dir, ["asc", "desc"] as const) ?? DEFAULT_DIRECTION[sort] };
}

/** The list request for the filters in the URL (without the cursor). */
export function usersListInput(v: ParamValues<Key>): ListInput {
  const verified = v.verified === "yes" ? true : v.verified === "no" ? false : undefined;
  const input: ListInput = { ...sortOf(v), limit: USERS_PAGE_SIZE };
  if (v.q.trim()) input.search = v.q.trim();
  const role = oneOf(v.role, ROLES);
  if (role) input.role = role;
  const status = oneOf(v.status, STATUSES);
  if (status) input.status = status;
  if (verified !== undefined) input.verified = verified;
  const from = startOfDay(v.from);
  if (from) input.createdFrom = from;
  const to = endOfDay(v.to);
  if (to) input.createdTo = to;
  return input;
}

export function UsersPage() {
  usePageTitle("Users");
  const { values, set, clear } = useUrlParams(KEYS);
  const base = usersListInput(values);
  const filterKey = JSON.stringify(base);

  // The cursors of the pages before this one; reset whenever the filters or sort change.
  const [paging, setPaging] = useState<{ key: string; cursors: string[] }>({ key: filterKey, cursors: [] });
  const cursors = paging.key === filterKey ? paging.cursors : [];
  const cursor = cursors.at(-1);
  const page = cursors.length + 1;

  const list = useQuery({
    ...trpc.admin.users.list.queryOptions(cursor ? { ...base, cursor } : base),
    placeholderData: keepPreviousData,
  });

  const filtered = KEYS.some((k) => k !== "sort" && k !== "dir" && values[k]);
  // Below Mantine's "sm" breakpoint (48em): one card per user instead of a table that scrolls sideways.
  const phone = useMediaQuery("(max-width: 47.99em)") === true;
  const { sort, direction } = sortOf(values);
  const setSort = (next: Sort) => {
    const dir: Direction = next === sort ? (direction === "asc" ? "desc" : "asc") : DEFAULT_DIRECTION[next];
    set({ sort: next, dir });
  };

  return (
    <Container size="xl" px={0}>
      <Stack gap="lg">
        <AdminPageHeader title="Users" description="Find any account. Open one to see its details and manage it." />

        <Paper withBorder p="md" component="section" aria-label="Filters">
          <Stack gap="sm">
            <DebouncedTextInput
              label="Search"
              placeholder="Email or name"
              type="search"
              value={values.q}
              onCommit={(q) => set({ q })}
            />
            <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="sm">
              <NativeSelect
                label="Role"
                value={values.role}
                onChange={(e) => set({ role: e.currentTarget.value })}
                data={[{ value: "", label: "Any role" }, ...ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))]}
              />
              <NativeSelect
                label="Status"
                value={values.status}
                onChange={(e) => set({ status: e.currentTarget.value })}
                data={[{ value: "", label: "Any status" }, ...STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))]}
              />
              <NativeSelect
                label="Email verified"
                value={values.verified}
                onChange={(e) => set({ verified: e.currentTarget.value })}
                data={[
                  { value: "", label: "Either" },
                  { value: "yes", label: "Yes" },
                  { value: "no", label: "No" },
                ]}
              />
              <TextInput label="Created from" type="date" value={values.from} max={values.to || undefined} onChange={(e) => set({ from: e.currentTarget.value })} />
              <TextInput label="Created to" type="date" value={values.to} min={values.from || undefined} onChange={(e) => set({ to: e.currentTarget.value })} />
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

        {list.isPending ? (
          <PageLoader label="Loading users…" />
        ) : list.isError && !list.data ? (
          <QueryError title="We could not load the users" error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />
        ) : (
          <Paper withBorder component="section" aria-label="Users">
            {phone ? (
              <UsersCards
                users={list.data.users}
                sort={sort}
                direction={direction}
                onSort={(next, dir) => set({ sort: next, dir })}
                busy={list.isPlaceholderData}
                empty={<NoUsers filtered={filtered} onClear={clear} />}
              />
            ) : (
              <UsersTable
                users={list.data.users}
                sort={sort}
                direction={direction}
                onSort={setSort}
                busy={list.isPlaceholderData}
                empty={<NoUsers filtered={filtered} onClear={clear} />}
              />
            )}
            {list.isError && <QueryError title="We could not load this page" error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />}
            <Group justify="space-between" p="sm" gap="xs" style={{ borderTop: "1px solid var(--mantine-color-default-border)" }}>
              <Group gap="xs">
                <Text size="sm" c="dimmed" aria-live="polite">
                  Page {page}
                  {list.data.users.length > 0 && ` · ${list.data.users.length} ${list.data.users.length === 1 ? "user" : "users"}`}
                </Text>
                {list.isFetching && <Loader size="xs" aria-label="Loading" />}
              </Group>
              <Group gap="xs">
                <Button
                  variant="default"
                  size="xs"
                  disabled={cursors.length === 0 || list.isPlaceholderData}
                  onClick={() => setPaging({ key: filterKey, cursors: cursors.slice(0, -1) })}
                >
                  Previous
                </Button>
                <Button
                  variant="default"
                  size="xs"
                  disabled={!list.data.nextCursor || list.isPlaceholderData}
                  onClick={() => list.data.nextCursor && setPaging({ key: filterKey, cursors: [...cursors, list.data.nextCursor] })}
                >
                  Next
                </Button>
              </Group>
            </Group>
          </Paper>
        )}
      </Stack>
    </Container>
  );
}

function NoUsers({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  return (
    <Stack align="center" gap="xs" py="xl">
      <Text fw={500}>{filtered ? "No users match these filters" : "No users yet"}</Text>
      {filtered && (
        <Button variant="default" size="xs" onClick={onClear}>
          Clear filters
        </Button>
      )}
    </Stack>
  );
}

const SORT_CHOICES: { value: string; label: string }[] = [
  { value: "createdAt:desc", label: "Newest first" },
  { value: "createdAt:asc", label: "Oldest first" },
  { value: "email:asc", label: "Email A–Z" },
  { value: "email:desc", label: "Email Z–A" },
];

type CardsProps = Omit<TableProps, "onSort"> & { onSort: (sort: Sort, direction: Direction) => void };

/** Phones: the same rows as the table, one card each, with the sort as a select. */
export function UsersCards({ users, sort, direction, onSort, busy, empty }: CardsProps) {
  return (
    <Stack gap={0} aria-busy={busy} style={{ opacity: busy ? 0.6 : 1, transition: "opacity 120ms" }}>
      <NativeSelect
        label="Sort by"
        p="sm"
        value={`${sort}:${direction}`}
        onChange={(e) => {
          const [next, dir] = e.currentTarget.value.split(":") as [Sort, Direction];
          onSort(next, dir);
        }}
        data={SORT_CHOICES}
      />
      {users.length === 0 ? (
        empty
      ) : (
        <Stack component="ul" gap={0} aria-label="Users found" style={{ listStyle: "none", margin: 0, padding: 0 }}>
          {users.map((u) => (
            <li key={u.id} style={{ borderTop: "1px solid var(--mantine-color-default-border)" }}>
              <Stack gap={6} p="sm">
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Anchor component={Link} to={adminUserPath(u.id)} fw={500} size="sm" style={{ overflowWrap: "anywhere" }}>
                    {u.email}
                  </Anchor>
                  {u.name && (
                    <Text size="xs" c="dimmed">
                      {u.name}
                    </Text>
                  )}
                </Stack>
                <Group gap="xs">
                  <Badge variant="light" color={ROLE_COLORS[u.role]}>
                    {ROLE_LABELS[u.role]}
                  </Badge>
                  <Badge variant="dot" color={STATUS_COLORS[u.status]}>
                    {STATUS_LABELS[u.status]}
                  </Badge>
                  {u.status === "SUSPENDED" && u.suspendedUntil && (
                    <Text size="xs" c="dimmed">
                      until <RelativeTime date={u.suspendedUntil} />
                    </Text>
                  )}
                </Group>
                <Text size="xs" c="dimmed">
                  Created <RelativeTime date={u.createdAt} /> · {u.emailVerified ? "email verified" : "email not verified"} · last sign-in{" "}
                  {u.lastLoginAt ? <RelativeTime date={u.lastLoginAt} /> : "never"}
                </Text>
              </Stack>
            </li>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

type TableProps = {
  users: AdminUserRow[];
  sort: Sort;
  direction: Direction;
  onSort: (sort: Sort) => void;
  busy: boolean;
  empty: ReactNode;
};

export function UsersTable({ users, sort, direction, onSort, busy, empty }: TableProps) {
  const header = (key: Sort, label: string) => {
    const active = sort === key;
    return (
      // Relative: keeps the hidden text inside the scrolling box on narrow screens.
      <Table.Th scope="col" pos="relative" aria-sort={active ? (direction === "asc" ? "ascending" : "descending") : "none"}>
        <UnstyledButton onClick={() => onSort(key)} fw={700} fz="sm" style={{ display: "inline-flex", gap: 4, alignItems: "center" }}>
          {label}
          <Text span inherit c={active ? undefined : "dimmed"} aria-hidden>
            {active ? (direction === "asc" ? "↑" : "↓") : "↕"}
          </Text>
          <VisuallyHidden>
            {active ? `, sorted ${direction === "asc" ? "ascending" : "descending"}` : ", sort by this column"}
          </VisuallyHidden>
        </UnstyledButton>
      </Table.Th>
    );
  };
  return (
    <Table.ScrollContainer minWidth={820} type="native">
      <Table verticalSpacing="sm" highlightOnHover aria-busy={busy} style={{ opacity: busy ? 0.6 : 1, transition: "opacity 120ms" }}>
        <Table.Thead>
          <Table.Tr>
            {header("email", "Email")}
            <Table.Th scope="col">Role</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Email verified</Table.Th>
            {header("createdAt", "Created")}
            <Table.Th scope="col">Last sign-in</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.length === 0 ? (
            <Table.Tr>
              <Table.Td colSpan={6}>{empty}</Table.Td>
            </Table.Tr>
          ) : (
            users.map((u) => (
              <Table.Tr key={u.id}>
                <Table.Th scope="row" fw={400}>
                  <Stack gap={0}>
                    <Anchor component={Link} to={adminUserPath(u.id)} fw={500} size="sm">
                      {u.email}
                    </Anchor>
                    {u.name && (
                      <Text size="xs" c="dimmed">
                        {u.name}
                      </Text>
                    )}
                  </Stack>
                </Table.Th>
                <Table.Td>
                  <Badge variant="light" color={ROLE_COLORS[u.role]}>
                    {ROLE_LABELS[u.role]}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Badge variant="dot" color={STATUS_COLORS[u.status]}>
                    {STATUS_LABELS[u.status]}
                  </Badge>
                  {u.status === "SUSPENDED" && u.suspendedUntil && (
                    <Text size="xs" c="dimmed">
                      until <RelativeTime date={u.suspendedUntil} />
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {u.emailVerified ? <RelativeTime date={u.emailVerified} size="sm" /> : <Text size="sm" c="dimmed">No</Text>}
                </Table.Td>
                <Table.Td>
                  <RelativeTime date={u.createdAt} size="sm" />
                </Table.Td>
                <Table.Td>{u.lastLoginAt ? <RelativeTime date={u.lastLoginAt} size="sm" /> : <Text size="sm" c="dimmed">Never</Text>}</Table.Td>
              </Table.Tr>
            ))
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
