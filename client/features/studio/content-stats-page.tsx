// /studio/:id/stats — how one item is used (content.stats; instructors for their own items,
// admins for any): views, completions, average score and score spread, the rating
// distribution, the share of attempts that got each question or item right (assessments,
// lesson quizzes, exercises), and for scenarios how often each goal was covered. Every chart
// has the same numbers as text beside it.
import "@mantine/charts/styles.css";
import { BarChart } from "@mantine/charts";
import { Anchor, Container, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Link, useParams } from "react-router";
import type { AppRouter } from "../../../server/routers/app.ts";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { SectionCard } from "../../components/section-card.tsx";
import { useCurrentUser } from "../../lib/auth.ts";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths, studioEditPath } from "../../lib/paths.ts";
import { trpc } from "../../lib/trpc.ts";

type Stats = inferRouterOutputs<AppRouter>["content"]["stats"];

const pct = (share: number) => `${Math.round(share * 100)}%`;
const SCENARIO = new Set(["CHAT_SCENARIO", "CALL_SCENARIO"]);

export function ContentStatsPage() {
  const { id = "" } = useParams();
  const me = useCurrentUser();
  const allowed = me.role === "INSTRUCTOR" || me.role === "ADMIN";
  const stats = useQuery({ ...trpc.content.stats.queryOptions({ id }), enabled: allowed, retry: false });
  usePageTitle(stats.data ? `Statistics: ${stats.data.title}` : "Statistics");
  return (
    <Container size="lg" px={0}>
      <Stack gap="lg">
        <Group gap="md">
          <Anchor component={Link} to={paths.studio} size="sm">
            ← Your content
          </Anchor>
          {stats.data && (
            <Anchor component={Link} to={studioEditPath(id)} size="sm">
              Edit this item
            </Anchor>
          )}
        </Group>
        {!allowed ? (
          <Stack gap="xs">
            <Title order={1}>Statistics are for instructors</Title>
            <Text c="dimmed">Only the instructor who wrote an item, and administrators, can see how it is used.</Text>
          </Stack>
        ) : stats.isPending ? (
          <PageLoader />
        ) : stats.isError ? (
          <Stack gap="md">
            <Title order={1}>Statistics</Title>
            <QueryError error={stats.error} title="We could not load these statistics" onRetry={() => void stats.refetch()} retrying={stats.isFetching} />
          </Stack>
        ) : (
          <StatsView s={stats.data} />
        )}
      </Stack>
    </Container>
  );
}

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder p="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={28} fw={700} lh={1.2}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

function Empty({ children }: { children: string }) {
  return (
    <Text size="sm" c="dimmed">
      {children}
    </Text>
  );
}

export function StatsView({ s }: { s: Stats }) {
  const scored = s.scoreDistribution.reduce((n, b) => n + b.count, 0);
  const scenario = SCENARIO.has(s.type);
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Text size="sm" c="dimmed">
          Statistics
        </Text>
        <Title order={1}>{s.title}</Title>
      </Stack>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Figure label="Views" value={String(s.views)} hint="one per person per day" />
        <Figure label="Completions" value={String(s.completions)} />
        <Figure label="Average score" value={s.averageScore === null ? "—" : `${Math.round(s.averageScore)}%`} hint={s.averageScore === null ? "no scored attempts yet" : undefined} />
        <Figure label="Rating" value={s.ratingCount ? `${s.rating.toFixed(1)} ★` : "—"} hint={s.ratingCount ? `from ${s.ratingCount} rating${s.ratingCount === 1 ? "" : "s"}` : "not rated yet"} />
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <SectionCard id="ratings" title="Ratings" description="How many trainees gave each number of stars.">
          {s.ratingCount === 0 ? (
            <Empty>No ratings yet. Trainees can rate an item once they have finished it.</Empty>
          ) : (
            <>
              <BarChart
                h={200}
                data={s.ratingDistribution.map((d) => ({ stars: `${d.stars} ★`, Ratings: d.count }))}
                dataKey="stars"
                series={[{ name: "Ratings", color: "yellow.7" }]}
                tickLine="y"
                // The numbers are in the text below; the chart is decoration for screen readers.
                barChartProps={{ accessibilityLayer: false }}
                yAxisProps={{ allowDecimals: false }}
                aria-hidden
              />
              <Text size="sm">{s.ratingDistribution.map((d) => `${d.stars} star${d.stars === 1 ? "" : "s"}: ${d.count}`).join(" · ")}</Text>
            </>
          )}
        </SectionCard>
        {!scenario && (
          <SectionCard id="scores" title="Scores" description="How many scored attempts fell in each range.">
            {scored === 0 ? (
              <Empty>No scored attempts yet.</Empty>
            ) : (
              <>
                <BarChart
                  h={200}
                  data={s.scoreDistribution.map((d) => ({ range: `${d.range}%`, Attempts: d.count }))}
                  dataKey="range"
                  series={[{ name: "Attempts", color: "cyan.7" }]}
                  tickLine="y"
                  barChartProps={{ accessibilityLayer: false }}
                yAxisProps={{ allowDecimals: false }}
                  aria-hidden
                />
                <Text size="sm">{s.scoreDistribution.map((d) => `${d.range}%: ${d.count}`).join(" · ")}</Text>
              </>
            )}
          </SectionCard>
        )}
      </SimpleGrid>

      {scenario ? (
        <SectionCard id="goals" title="Goals covered" description="The share of finished sessions in which the trainee got each goal across.">
          {s.goals.every((g) => g.attempts === 0) ? (
            <Empty>No finished practice sessions yet.</Empty>
          ) : (
            <ShareTable rows={s.goals.map((g) => ({ id: g.id, text: g.description ?? g.id, attempts: g.attempts, share: g.coveredShare }))} what="Goal" shareLabel="Covered" />
          )}
        </SectionCard>
      ) : s.type === "LESSON" && s.questions.length === 0 ? null : (
        <SectionCard id="items" title="Item analysis" description="The share of attempts that got each question right: a low share may mean an unclear question or a topic to teach better.">
          {s.questions.every((q) => q.attempts === 0) ? (
            <Empty>No answered attempts yet.</Empty>
          ) : (
            <ShareTable rows={s.questions.map((q) => ({ id: q.id, text: q.prompt ?? q.id, attempts: q.attempts, share: q.correctShare }))} what="Question" shareLabel="Right" />
          )}
        </SectionCard>
      )}
    </Stack>
  );
}

function ShareTable({ rows, what, shareLabel }: { rows: { id: string; text: string; attempts: number; share: number }[]; what: string; shareLabel: string }) {
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{what}</Table.Th>
            <Table.Th ta="right">Attempts</Table.Th>
            <Table.Th w={200}>{shareLabel}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <Text size="sm" lineClamp={2} title={r.text}>
                  {r.text}
                </Text>
              </Table.Td>
              <Table.Td ta="right">{r.attempts}</Table.Td>
              <Table.Td>
                {r.attempts === 0 ? (
                  <Text size="sm" c="dimmed">
                    not reached yet
                  </Text>
                ) : (
                  <Group gap="xs" wrap="nowrap">
                    <Progress value={r.share * 100} color={r.share < 0.5 ? "red" : r.share < 0.8 ? "yellow" : "teal"} style={{ flex: 1 }} aria-hidden />
                    <Text size="sm" w={40} ta="right">
                      {pct(r.share)}
                    </Text>
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
