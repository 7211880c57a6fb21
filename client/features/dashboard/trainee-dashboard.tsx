// The trainee's dashboard (issue 10): level and points, streak with this week's days,
// certificate progress and what is missing, continue where you left off, the recommended next
// practice, charts, recent activity with links, badges. All from progress.get.
import { Alert, Anchor, Badge, Button, Card, Group, List, Progress, SimpleGrid, Skeleton, Stack, Text, ThemeIcon, Title, Tooltip } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { lazy, Suspense, useCallback, useDeferredValue, useRef, useState } from "react";
import { Link } from "react-router";
import type { AppRouter } from "../../../server/routers/app.ts";
import { QueryError } from "../../components/query-error.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { assessmentAttemptPath, assessmentResultPath, paths, practiceCallPath, practiceChatPath, practiceItemPath, practiceReportPath } from "../../lib/paths.ts";
import { trpc } from "../../lib/trpc.ts";
import { SKILL_LABELS } from "../practice/session-text.ts";

export type ProgressData = inferRouterOutputs<AppRouter>["progress"]["get"];
// The charts' module (recharts) loads on demand; each chart and its placeholder get the same
// height, so the placeholders take the charts' place exactly (no layout shift when they arrive).
const TrendChart = lazy(() => import("./progress-charts.tsx").then((m) => ({ default: m.TrendChart })));
const SkillsChart = lazy(() => import("./progress-charts.tsx").then((m) => ({ default: m.SkillsChart })));
const TREND_CHART_HEIGHT = 220;
const SKILLS_CHART_HEIGHT = 260;

const LEVEL_LABELS: Record<string, string> = { beginner: "Beginner", elementary: "Elementary", intermediate: "Intermediate", "upper-intermediate": "Upper-intermediate", advanced: "Advanced" };
const levelLabel = (l: string) => LEVEL_LABELS[l] ?? l;
const skillLabel = (s: string) => SKILL_LABELS[s as keyof typeof SKILL_LABELS] ?? s;
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

function activityLink(r: ProgressData["recent"][number]): string | null {
  if (r.kind === "practice") return practiceReportPath(r.id);
  if (r.kind === "lesson" || r.kind === "exercise") return practiceItemPath(r.id);
  if (r.kind === "assessment") return assessmentResultPath(r.id);
  return null;
}

type ContinueData = NonNullable<ProgressData["continue"]>;
const CONTINUE_LABELS = { chat: "Chat", call: "Call", assessment: "Assessment" } as const;
function continueLink(c: ContinueData): string {
  if (c.kind === "chat") return practiceChatPath(c.id);
  if (c.kind === "call") return practiceCallPath(c.id);
  return assessmentAttemptPath(c.id);
}
const KIND_LABELS = { practice: "Practice", assessment: "Assessment", lesson: "Lesson", exercise: "Exercise" } as const;

export function TraineeDashboard() {
  const q = useQuery(trpc.progress.get.queryOptions());
  // The progress renders as a transition once it arrives (the skeleton stays until it is all
  // there): in slices that leave the browser free, not one long task (Lighthouse's blocking time).
  const d = useDeferredValue(q.data);
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} retrying={q.isFetching} />;
  if (d === undefined) return <DashboardSkeleton />;
  const dayOne = d.points === 0 && d.recent.length === 0;

  return (
    <Stack gap="lg" component="section" aria-labelledby="dashboard-progress">
      <Title order={2} size="h3" id="dashboard-progress">
        Your progress
      </Title>
      {dayOne && (
        <Alert variant="light" color="teal" title="Welcome — your first practice is one click away" data-testid="progress-empty">
          <Stack gap="xs">
            <Text size="sm">Every session, lesson and exercise earns points, builds your streak and brings you closer to a certificate employers can check. Start with a short chat scenario: it takes about ten minutes.</Text>
            <Group>
              <Button component={Link} to={paths.practice}>
                Start practising
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}

      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        <Card withBorder padding="lg" aria-labelledby="card-level">
          <Text size="sm" c="dimmed" id="card-level">
            Level
          </Text>
          <Text fw={700} size="xl" data-testid="progress-level">
            {levelLabel(d.level)}
          </Text>
          <Text size="sm" data-testid="progress-points">
            {d.points} points
          </Text>
          {d.nextLevel ? (
            <Text size="xs" c="dimmed">
              {d.nextLevel.pointsNeeded} more points to {levelLabel(d.nextLevel.name)}
            </Text>
          ) : (
            <Text size="xs" c="dimmed">
              You have reached the highest level.
            </Text>
          )}
          <Progress mt="xs" value={d.overallProgress} aria-label={`Overall progress ${Math.round(d.overallProgress)}%`} />
        </Card>

        <Card withBorder padding="lg" aria-labelledby="card-streak">
          <Text size="sm" c="dimmed" id="card-streak">
            Streak
          </Text>
          <Text fw={700} size="xl" data-testid="progress-streak">
            {d.currentStreak} {d.currentStreak === 1 ? "day" : "days"}
          </Text>
          <Text size="xs" c="dimmed">
            Longest: {d.longestStreak} · days count in your time zone ({d.timezone})
          </Text>
          <Group gap={4} mt="xs" aria-label="This week">
            {d.week.map((w, i) => (
              <Tooltip key={w.day} label={`${w.day}${w.active ? ": practised" : w.future ? "" : ": no activity"}`}>
                <Badge
                  data-testid={`week-${w.day}`}
                  data-active={w.active}
                  variant={w.active ? "filled" : "outline"}
                  color={w.active ? "teal" : "gray"}
                  radius="sm"
                  style={w.today ? { outline: "2px solid var(--mantine-color-blue-5)" } : undefined}
                  aria-label={`${WEEKDAYS[i]} ${w.active ? "practised" : "not practised"}${w.today ? " (today)" : ""}`}
                >
                  {WEEKDAYS[i]}
                </Badge>
              </Tooltip>
            ))}
          </Group>
        </Card>

        <Card withBorder padding="lg" aria-labelledby="card-certificate">
          <Text size="sm" c="dimmed" id="card-certificate">
            Certificate
          </Text>
          <Text fw={700} size="xl">
            {d.certificate.met ? "Rule met" : `${Math.round(d.certificateProgress)}%`}
          </Text>
          <Progress value={d.certificateProgress} color="grape" aria-label={`Certificate progress ${Math.round(d.certificateProgress)}%`} />
          {d.certificate.missing.length > 0 && (
            <List size="xs" mt="xs" spacing={2}>
              {d.certificate.missing.map((m) => (
                <List.Item key={m}>{m}</List.Item>
              ))}
            </List>
          )}
          {/* sm and spaced apart: touch targets of at least 24 px (Lighthouse's target-size). */}
          <Anchor component={Link} to={paths.certificates} size="sm" mt="xs" display="block">
            {d.certificate.met ? "Your certificates" : "About certificates"}
          </Anchor>
          <Anchor component={Link} to={paths.settingsCandidate} size="sm" mt="xs" display="block">
            Let companies find you
          </Anchor>
        </Card>
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Card withBorder padding="lg" aria-labelledby="card-continue">
          <Title order={3} size="h4" id="card-continue">
            Continue where you left off
          </Title>
          {d.continue ? (
            <Stack gap="xs" mt="xs">
              <Text size="sm">
                {CONTINUE_LABELS[d.continue.kind]}: {d.continue.title} (started {formatDateTime(new Date(d.continue.startedAt))})
              </Text>
              <Group>
                <Button component={Link} to={continueLink(d.continue)} variant="light">
                  Continue
                </Button>
              </Group>
            </Stack>
          ) : (
            <Text size="sm" c="dimmed" mt="xs">
              Nothing unfinished — pick something new below.
            </Text>
          )}
        </Card>
        <Card withBorder padding="lg" aria-labelledby="card-recommended">
          <Title order={3} size="h4" id="card-recommended">
            Recommended next practice
          </Title>
          {d.recommended ? (
            <Stack gap="xs" mt="xs">
              <Text size="sm">
                Your {skillLabel(d.recommended.skill).toLowerCase()} averages {d.recommended.score} recently: try “{d.recommended.content.title}”.
              </Text>
              <Group>
                <Button component={Link} to={practiceItemPath(d.recommended.content.id)} variant="light">
                  Open it
                </Button>
              </Group>
            </Stack>
          ) : (
            <Stack gap="xs" mt="xs">
              <Text size="sm" c="dimmed">
                Finish a practice session and we will suggest what trains your weakest skill.
              </Text>
              <Group>
                <Button component={Link} to={`${paths.practice}?type=CHAT_SCENARIO`} variant="light">
                  Browse chat scenarios
                </Button>
              </Group>
            </Stack>
          )}
        </Card>
      </SimpleGrid>

      {d.skillTrend.length > 0 && (
        <Card withBorder padding="lg">
          <ProgressCharts data={d} />
        </Card>
      )}

      {d.assessmentScores.length > 0 && (
        <Card withBorder padding="lg" aria-labelledby="card-assessments">
          <Title order={3} size="h4" id="card-assessments">
            Assessments
          </Title>
          <List size="sm" mt="xs">
            {d.assessmentScores.map((a) => (
              <List.Item key={a.type}>
                {a.type}: {a.points.map((p) => `${Math.round(p.score)}${p.passed ? " ✓" : ""}`).join(" → ")}
              </List.Item>
            ))}
          </List>
        </Card>
      )}

      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Card withBorder padding="lg" aria-labelledby="card-recent">
          <Title order={3} size="h4" id="card-recent">
            Recent activity
          </Title>
          {d.recent.length === 0 ? (
            <Text size="sm" c="dimmed" mt="xs">
              Your finished sessions, lessons and assessments will be listed here.
            </Text>
          ) : (
            <List size="sm" mt="xs" spacing={4} listStyleType="none" data-testid="recent-activity">
              {d.recent.map((r) => {
                const to = activityLink(r);
                const text = `${KIND_LABELS[r.kind]}${r.sessionType ? ` (${r.sessionType === "CALL" ? "call" : "chat"})` : ""}: ${r.title}${r.score !== null ? ` — ${Math.round(r.score)}` : ""}${r.passed ? " (passed)" : ""}`;
                return (
                  <List.Item key={`${r.kind}-${r.id}-${String(r.at)}`}>
                    {to ? (
                      <Anchor component={Link} to={to}>
                        {text}
                      </Anchor>
                    ) : (
                      text
                    )}{" "}
                    <Text span size="xs" c="dimmed">
                      {formatDateTime(new Date(r.at))}
                    </Text>
                  </List.Item>
                );
              })}
            </List>
          )}
        </Card>
        <Card withBorder padding="lg" aria-labelledby="card-badges">
          <Title order={3} size="h4" id="card-badges">
            Badges
          </Title>
          {d.badges.length === 0 ? (
            <Text size="sm" c="dimmed" mt="xs">
              Your first badge comes with your first finished practice.
            </Text>
          ) : (
            <Group gap="xs" mt="xs" data-testid="badges">
              {d.badges.map((b) => (
                <Tooltip key={b.code} label={`${b.description} Earned ${formatDateTime(new Date(b.earnedAt))}.`}>
                  <Badge size="lg" variant="light" leftSection={<ThemeIcon size="xs" radius="xl" color="yellow" />} tabIndex={0}>
                    {b.title}
                  </Badge>
                </Tooltip>
              ))}
            </Group>
          )}
        </Card>
      </SimpleGrid>
    </Stack>
  );
}

/**
 * True once the element came near the screen (and from then on). Where the browser has no
 * IntersectionObserver, at once.
 */
function useSeenOnce(): [(el: Element | null) => void, boolean] {
  const [seen, setSeen] = useState(() => typeof IntersectionObserver === "undefined");
  const observer = useRef<IntersectionObserver | null>(null);
  const ref = useCallback((el: Element | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!el || typeof IntersectionObserver === "undefined") return;
    observer.current = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          setSeen(true);
          observer.current?.disconnect();
        }
      },
      { rootMargin: "200px" },
    );
    observer.current.observe(el);
  }, []);
  return [ref, seen];
}

/**
 * The charts' card. Its charts (recharts, the dashboard's heaviest code) load and render only
 * when the card comes near the screen: on a first visit it is below the fold, and rendering
 * it at load was most of the page's blocking time (Lighthouse's TBT).
 */
function ProgressCharts({ data }: { data: ProgressData }) {
  const radar = data.skills.map((s) => ({ skill: skillLabel(s.skill), score: s.score }));
  const [ref, seen] = useSeenOnce();
  return (
    <Stack gap="lg" ref={ref}>
      <Stack gap={4}>
        <Text fw={600} id="chart-trend">
          Score trend
        </Text>
        <Suspense fallback={<Skeleton h={TREND_CHART_HEIGHT} />}>{seen ? <TrendChart data={data} h={TREND_CHART_HEIGHT} /> : <Skeleton h={TREND_CHART_HEIGHT} data-testid="chart-deferred" />}</Suspense>
      </Stack>
      {radar.length >= 3 && (
        <Stack gap={4}>
          <Text fw={600} id="chart-skills">
            Skills (average of your last 5 sessions)
          </Text>
          <Suspense fallback={<Skeleton h={SKILLS_CHART_HEIGHT} />}>{seen ? <SkillsChart radar={radar} h={SKILLS_CHART_HEIGHT} /> : <Skeleton h={SKILLS_CHART_HEIGHT} data-testid="chart-deferred" />}</Suspense>
        </Stack>
      )}
      <Text size="sm" c="dimmed">
        {data.skills.map((s) => `${skillLabel(s.skill)} ${s.score}`).join(" · ")}
      </Text>
    </Stack>
  );
}

/**
 * The progress section's shape while it loads: the three cards, the two below them and the
 * charts' card, at about their height for a trainee who has practised. The sections after it
 * (practice, account) then start where they will stay, below the fold of a desktop screen,
 * instead of being pushed down when the figures arrive (Lighthouse's layout shift).
 */
function DashboardSkeleton() {
  return (
    <Stack gap="lg" aria-busy="true" aria-label="Loading your progress">
      <Skeleton h={24} w={200} />
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} h={150} radius="md" />
        ))}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Skeleton h={130} radius="md" />
        <Skeleton h={130} radius="md" />
      </SimpleGrid>
      <Skeleton h={TREND_CHART_HEIGHT + 140} radius="md" />
    </Stack>
  );
}
