// Admin → Dashboard: users by role and status, active sessions, sign-ups per day, and
// practice activity by role. Counts of users and sessions are live; the activity numbers
// come from the user_statistics view, refreshed by a job or with "Refresh now".
import { useDeferredValue } from "react";
import { Anchor, Button, Card, Container, DataList, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Link } from "react-router";
import type { AppRouter } from "../../../server/routers/app.ts";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import type { Role } from "../../lib/auth.ts";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths } from "../../lib/paths.ts";
import { errorMessage, queryClient, trpc } from "../../lib/trpc.ts";
import { useAdminAccess } from "./admin-access.ts";
import { AdminPageHeader } from "./admin-page-header.tsx";
import { AdminSection } from "./admin-section.tsx";
import { ROLE_COLORS, ROLE_LABELS, ROLES, STATUS_COLORS, STATUS_LABELS, STATUSES, type UserStatus } from "./admin-text.ts";
import { SignUpsChart } from "./signups-chart.tsx";
import { onFirstUse } from "../../lib/format.ts";

type Stats = inferRouterOutputs<AppRouter>["admin"]["stats"]["get"];

const scoreFormat = onFirstUse(() => new Intl.NumberFormat(undefined, { maximumFractionDigits: 1, minimumFractionDigits: 1 }));

export function AdminDashboardPage() {
  usePageTitle("Admin dashboard");
  const stats = useQuery(trpc.admin.stats.get.queryOptions());
  // The statistics render as a transition once they arrive (the loader stays until they are all
  // there): in slices that leave the browser free, not one long task (Lighthouse's blocking time).
  const data = useDeferredValue(stats.data);
  return (
    <Container size="xl" px={0}>
      <Stack gap="lg">
        <AdminPageHeader
          title="Admin dashboard"
          description="The platform at a glance."
          actions={data && <RefreshControl lastRefreshedAt={data.lastRefreshedAt} />}
        />
        {stats.isError ? (
          <QueryError title="We could not load the statistics" error={stats.error} onRetry={() => void stats.refetch()} retrying={stats.isFetching} />
        ) : data === undefined ? (
          <PageLoader label="Loading statistics…" />
        ) : (
          <Dashboard stats={data} />
        )}
      </Stack>
    </Container>
  );
}

function RefreshControl({ lastRefreshedAt }: { lastRefreshedAt: Date | null }) {
  const { can } = useAdminAccess();
  const refresh = useMutation({
    ...trpc.admin.stats.refresh.mutationOptions(),
    onSuccess: ({ ms }) => {
      notifications.show({ color: "teal", title: "Statistics refreshed", message: `The activity numbers are up to date (took ${ms} ms).` });
      void queryClient.invalidateQueries(trpc.admin.stats.pathFilter());
    },
    onError: (error) => notifications.show({ color: "red", title: "Could not refresh the statistics", message: errorMessage(error) }),
  });
  return (
    <Group gap="sm">
      <Text size="sm" c="dimmed">
        {lastRefreshedAt ? (
          <>
            Last refreshed <RelativeTime date={lastRefreshedAt} />
          </>
        ) : (
          "Not refreshed yet"
        )}
      </Text>
      {can("admin.stats.refresh") && (
        <Button variant="default" size="sm" onClick={() => refresh.mutate()} loading={refresh.isPending}>
          Refresh now
        </Button>
      )}
    </Group>
  );
}

function Dashboard({ stats }: { stats: Stats }) {
  const byRole = new Map<Role, number>();
  const byStatus = new Map<UserStatus, number>();
  for (const r of stats.usersByRoleAndStatus) {
    byRole.set(r.role, (byRole.get(r.role) ?? 0) + r.count);
    byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + r.count);
  }
  const total = [...byRole.values()].reduce((a, b) => a + b, 0);
  const signUps = stats.signUpsPerDay.reduce((a, d) => a + d.count, 0);
  // Below Mantine's "sm" breakpoint (48em): one card per role instead of a table that scrolls sideways.
  const phone = useMediaQuery("(max-width: 47.99em)") === true;
  const activity = [...stats.activityByRole].sort((a, b) => roleOrder(a.role) - roleOrder(b.role));
  const roleLabel = (role: string) => (ROLE_LABELS as Record<string, string>)[role] ?? role;
  const avg = (score: number | null) => (score === null ? <Text span c="dimmed" size="sm">—</Text> : scoreFormat().format(score));

  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
        <StatCard label="Users" value={total} note={`${signUps.toLocaleString()} new in the last 30 days`} to={paths.adminUsers} />
        <StatCard label="Active sessions" value={stats.activeSessions} note="Signed-in browsers and devices" />
        <BreakdownCard
          label="Users by role"
          total={total}
          rows={ROLES.map((r) => ({ key: r, label: ROLE_LABELS[r], count: byRole.get(r) ?? 0, color: ROLE_COLORS[r], to: `${paths.adminUsers}?role=${r}` }))}
        />
        <BreakdownCard
          label="Users by status"
          total={total}
          rows={STATUSES.map((s) => ({ key: s, label: STATUS_LABELS[s], count: byStatus.get(s) ?? 0, color: STATUS_COLORS[s], to: `${paths.adminUsers}?status=${s}` }))}
        />
      </SimpleGrid>

      <AdminSection id="signups" title="Sign-ups per day" description="New accounts in the last 30 days (UTC days).">
        <SignUpsChart data={stats.signUpsPerDay} days={30} />
      </AdminSection>

      <AdminSection
        id="activity"
        title="Practice activity by role"
        description={stats.lastRefreshedAt ? "From the statistics view, as of its last refresh." : "From the statistics view; refresh it to see current numbers."}
      >
        {stats.activityByRole.length === 0 ? (
          <Text size="sm" c="dimmed">
            No activity recorded yet.
          </Text>
        ) : phone ? (
          <Stack component="ul" gap="xs" aria-label="Activity by role" style={{ listStyle: "none", margin: 0, padding: 0 }}>
            {activity.map((r) => (
              <Paper component="li" key={r.role} withBorder p="sm" radius="md">
                <Text fw={600} size="sm" mb={4}>
                  {roleLabel(r.role)}
                </Text>
                <DataList orientation="horizontal" size="sm">
                  <DataList.Item>
                    <DataList.ItemLabel>Users</DataList.ItemLabel>
                    <DataList.ItemValue>{r.users.toLocaleString()}</DataList.ItemValue>
                  </DataList.Item>
                  <DataList.Item>
                    <DataList.ItemLabel>Average score</DataList.ItemLabel>
                    <DataList.ItemValue>{avg(r.avgScore)}</DataList.ItemValue>
                  </DataList.Item>
                  <DataList.Item>
                    <DataList.ItemLabel>Chat sessions</DataList.ItemLabel>
                    <DataList.ItemValue>{r.totalChats.toLocaleString()}</DataList.ItemValue>
                  </DataList.Item>
                  <DataList.Item>
                    <DataList.ItemLabel>Call sessions</DataList.ItemLabel>
                    <DataList.ItemValue>{r.totalCalls.toLocaleString()}</DataList.ItemValue>
                  </DataList.Item>
                </DataList>
              </Paper>
            ))}
          </Stack>
        ) : (
          <Table.ScrollContainer minWidth={520} type="native">
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Role</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Users
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Average score
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Chat sessions
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Call sessions
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {activity.map((r) => (
                  <Table.Tr key={r.role}>
                    <Table.Th scope="row" fw={500}>
                      {roleLabel(r.role)}
                    </Table.Th>
                    <Table.Td ta="right">{r.users.toLocaleString()}</Table.Td>
                    <Table.Td ta="right">{avg(r.avgScore)}</Table.Td>
                    <Table.Td ta="right">{r.totalChats.toLocaleString()}</Table.Td>
                    <Table.Td ta="right">{r.totalCalls.toLocaleString()}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </AdminSection>
    </Stack>
  );
}

/** Roles in the console's usual order (trainee first); unknown ones last. */
function roleOrder(role: string): number {
  const i = (ROLES as string[]).indexOf(role);
  return i === -1 ? ROLES.length : i;
}

function StatCard({ label, value, note, to }: { label: string; value: number; note: string; to?: string }) {
  return (
    <Card withBorder padding="lg" component="section" aria-label={label}>
      <Stack gap={4}>
        <Text size="sm" c="dimmed" fw={500}>
          {label}
        </Text>
        <Text fz={32} fw={700} lh={1.1}>
          {value.toLocaleString()}
        </Text>
        <Text size="sm" c="dimmed">
          {note}
        </Text>
        {to && (
          <Anchor component={Link} to={to} size="sm" mt="auto">
            See all users
          </Anchor>
        )}
      </Stack>
    </Card>
  );
}

type Row = { key: string; label: string; count: number; color: string; to: string };

function BreakdownCard({ label, total, rows }: { label: string; total: number; rows: Row[] }) {
  const id = `breakdown-${label.toLowerCase().replace(/[^a-z]+/g, "-")}`;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={id}>
      <Stack gap="xs">
        <Title order={2} size="sm" c="dimmed" fw={500} id={id}>
          {label}
        </Title>
        <Stack component="ul" gap={8} style={{ listStyle: "none", margin: 0, padding: 0 }}>
          {rows.map((r) => (
            <li key={r.key}>
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Anchor component={Link} to={r.to} size="sm" c="inherit">
                  {r.label}
                </Anchor>
                <Text size="sm" fw={600}>
                  {r.count.toLocaleString()}
                </Text>
              </Group>
              <Progress value={total === 0 ? 0 : (r.count / total) * 100} color={r.color} size="sm" aria-hidden />
            </li>
          ))}
        </Stack>
      </Stack>
    </Card>
  );
}
