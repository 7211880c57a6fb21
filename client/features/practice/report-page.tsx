// /practice/sessions/:sessionId — a session's evaluation: the overall score (and the change
// since the previous attempt on the same scenario), a chart per skill, strengths and
// improvements with the trainee's own words as evidence, the goals, and the transcript with
// the findings highlighted in place. "Try again" starts a new session; the page prints cleanly.
import "@mantine/charts/styles.css";
import "./report-print.css";
import { BarChart } from "@mantine/charts";
import { Alert, Anchor, Badge, Blockquote, Button, Card, Container, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Fragment, type ReactNode } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { SKILLS, type Skill, type TraineeScenario } from "../../../shared/schemas/content.ts";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths, practiceCallPath, practiceChatPath, practiceItemPath } from "../../lib/paths.ts";
import { errorMessage, trpc } from "../../lib/trpc.ts";
import { RecordingPlayer } from "./call-recording.tsx";
import { comparisonText, formatClock, scoreText, SKILL_LABELS, type Evaluation, type SessionDetail } from "./session-text.ts";

export function ReportPage() {
  const { sessionId = "" } = useParams();
  const session = useQuery({ ...trpc.practice.sessions.get.queryOptions({ sessionId }), retry: false });
  usePageTitle(session.data ? `Evaluation: ${session.data.title}` : "Evaluation");
  return (
    <Container size="lg" px={0}>
      {session.isPending ? (
        <PageLoader label="Loading your evaluation…" />
      ) : session.isError ? (
        <Stack gap="md">
          <Title order={1}>This evaluation is not available</Title>
          <QueryError error={session.error} title="We could not open it" />
        </Stack>
      ) : !session.data.evaluation ? (
        <Stack gap="md">
          <Title order={1}>{session.data.title}</Title>
          <Alert color="gray" title="No evaluation for this session">
            {session.data.status === "ACTIVE" ? (
              <Anchor component={Link} to={session.data.type === "CHAT" ? practiceChatPath(session.data.id) : practiceCallPath(session.data.id)}>
                The session is still in progress: continue it
              </Anchor>
            ) : (
              "It ended without an evaluation (abandoned, or idle for 30 minutes)."
            )}
          </Alert>
        </Stack>
      ) : (
        <Report session={session.data} evaluation={session.data.evaluation} />
      )}
    </Container>
  );
}

function Report({ session, evaluation }: { session: SessionDetail; evaluation: Evaluation }) {
  const navigate = useNavigate();
  const scenario = session.scenario?.data as TraineeScenario | undefined;
  const coachName = scenario?.persona.name ?? "Coach";
  const chatStart = useMutation(trpc.practice.chat.start.mutationOptions({ onSuccess: (r) => void navigate(practiceChatPath(r.sessionId)) }));
  const callStart = useMutation(trpc.practice.call.start.mutationOptions({ onSuccess: (r) => void navigate(practiceCallPath(r.sessionId)) }));
  const again = session.type === "CHAT" ? chatStart : callStart;
  const skills = SKILLS.filter((s) => evaluation.scores[s]);
  const chartData = skills.map((s) => ({ skill: SKILL_LABELS[s], score: Math.round(evaluation.scores[s]!.score) }));

  return (
    <Stack gap="lg" className="practice-report">
      <Stack gap={4}>
        <Group gap="xs" data-print-hide>
          <Anchor component={Link} to={paths.practiceHistory} size="sm">
            ← Practice history
          </Anchor>
        </Group>
        <Group gap="xs">
          <Badge variant="light">{session.type === "CHAT" ? "Chat practice" : "Call practice"}</Badge>
          <Text size="sm" c="dimmed">
            {formatDateTime(session.startedAt)} · {formatClock(session.duration)} long
          </Text>
        </Group>
        <Title order={1}>Evaluation: {session.title}</Title>
      </Stack>

      <Paper withBorder p="lg">
        <Group justify="space-between" align="center" wrap="wrap" gap="lg">
          <Stack gap={0}>
            <Text size="sm" c="dimmed" id="overall-label">
              Overall score
            </Text>
            <Text fz={56} fw={800} lh={1} aria-labelledby="overall-label" data-testid="overall-score">
              {scoreText(evaluation.overallScore)}
              <Text span fz="lg" c="dimmed" fw={500}>
                {" "}
                / 100
              </Text>
            </Text>
            {session.previous ? (
              <Text fw={600} c={Math.round(evaluation.overallScore) >= Math.round(session.previous.overallScore) ? "teal.9" : "orange.9"} data-testid="comparison">
                {comparisonText(evaluation.overallScore, session.previous.overallScore)}
                <Text span c="dimmed" fw={400} size="sm">
                  {" "}
                  (previous attempt: {scoreText(session.previous.overallScore)})
                </Text>
              </Text>
            ) : (
              <Text size="sm" c="dimmed">
                Your first evaluated attempt at this scenario.
              </Text>
            )}
          </Stack>
          <Text maw={520} size="sm">
            {evaluation.feedback.summary}
          </Text>
          <Group gap="sm" data-print-hide>
            {session.contentId && (
              <Button onClick={() => again.mutate({ contentId: session.contentId! })} loading={again.isPending}>
                Try again
              </Button>
            )}
            <Button variant="default" onClick={() => window.print()}>
              Print
            </Button>
          </Group>
        </Group>
        {again.error && (
          <Alert color="red" variant="light" mt="sm" role="alert">
            {errorMessage(again.error)}
          </Alert>
        )}
      </Paper>

      <Card withBorder padding="lg" component="section" aria-labelledby="skills-heading">
        <Title order={2} size="h3" id="skills-heading" mb="md">
          Skills
        </Title>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          {/* The table beside it says the same in words; the chart itself is not focusable. */}
          <div aria-hidden>
            <BarChart barChartProps={{ accessibilityLayer: false }} h={Math.max(220, skills.length * 42)} data={chartData} dataKey="skill" orientation="vertical" yAxisProps={{ width: 120 }} xAxisProps={{ domain: [0, 100] }} series={[{ name: "score", label: "Score", color: "blue.7" }]} withTooltip={false} />
          </div>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Skill</Table.Th>
                <Table.Th>Score</Table.Th>
                <Table.Th>What we saw</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {skills.map((s) => (
                <Table.Tr key={s}>
                  <Table.Td>{SKILL_LABELS[s]}</Table.Td>
                  <Table.Td fw={700}>{scoreText(evaluation.scores[s]!.score)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{evaluation.scores[s]!.summary}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </SimpleGrid>
      </Card>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Evidence id="strengths-heading" title="What went well" items={evaluation.strengths} color="teal" />
        <Evidence id="improvements-heading" title="What to work on" items={evaluation.improvements} color="orange" />
      </SimpleGrid>

      {evaluation.feedback.goals.length > 0 && (
        <Card withBorder padding="lg" component="section" aria-labelledby="goals-report-heading">
          <Title order={2} size="h3" id="goals-report-heading" mb="md">
            Goals
          </Title>
          <List spacing="sm">
            {evaluation.feedback.goals.map((g) => (
              <List.Item key={g.id}>
                <Text size="sm" fw={600} span>
                  {g.covered ? "✓ " : "✗ "}
                  {g.description}
                </Text>
                <Text size="sm" c="dimmed">
                  {g.covered && g.quote ? <>Covered when you said: “{g.quote}”</> : "Not covered in this conversation."}
                </Text>
              </List.Item>
            ))}
          </List>
        </Card>
      )}

      <Card withBorder padding="lg" component="section" aria-labelledby="transcript-report-heading">
        <Title order={2} size="h3" id="transcript-report-heading" mb="xs">
          Transcript
        </Title>
        <Group gap="md" mb="md">
          <Text size="xs">
            <mark className="finding">Highlighted</mark>: a finding (fillers, grammar, clarity), explained below the message
          </Text>
          <Text size="xs">
            <mark className="goal">Highlighted</mark>: where you covered a goal
          </Text>
        </Group>
        {session.recordingUrl && (
          <div style={{ marginBottom: "var(--mantine-spacing-md)" }}>
            <RecordingPlayer url={session.recordingUrl} />
          </div>
        )}
        <Transcript session={session} evaluation={evaluation} coachName={coachName} />
      </Card>

      {session.contentId && (
        <Anchor component={Link} to={practiceItemPath(session.contentId)} data-print-hide>
          About this scenario
        </Anchor>
      )}
    </Stack>
  );
}

function Evidence({ id, title, items, color }: { id: string; title: string; items: Evaluation["strengths"]; color: string }) {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={id}>
      <Title order={2} size="h3" id={id} mb="md">
        {title}
      </Title>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing to note here this time.
        </Text>
      ) : (
        <Stack gap="md">
          {items.map((e, i) => (
            <Stack key={i} gap={4}>
              <Text fw={600} size="sm">
                {e.title}{" "}
                <Badge size="xs" variant="light" color="gray">
                  {SKILL_LABELS[e.skill as Skill] ?? e.skill}
                </Badge>
              </Text>
              {e.quote && (
                <Blockquote color={color} p="xs" fz="sm" styles={{ root: { fontStyle: "normal" } }}>
                  <Text size="xs" c="dimmed">
                    You said
                  </Text>
                  “{e.quote}”
                </Blockquote>
              )}
              {e.better && (
                <Text size="sm">
                  <Text span fw={600}>
                    Better:{" "}
                  </Text>
                  “{e.better}”
                </Text>
              )}
            </Stack>
          ))}
        </Stack>
      )}
    </Card>
  );
}

type Mark = { start: number; end: number; label: string };

/** text[from, to) with the marks inside it as <mark> elements (an overlapping mark: the earlier wins). */
function marked(text: string, from: number, to: number, marks: readonly Mark[], className: string, inner?: readonly Mark[]): ReactNode[] {
  const sorted = marks.filter((m) => m.start >= from && m.end <= to && m.end > m.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const plain = (a: number, b: number): ReactNode[] => (inner ? marked(text, a, b, inner, "finding") : [text.slice(a, b)]);
  const out: ReactNode[] = [];
  let at = from;
  for (const m of sorted) {
    if (m.start < at) continue;
    if (m.start > at) out.push(...plain(at, m.start));
    out.push(
      <mark key={`${className}-${m.start}`} className={className} title={m.label}>
        {plain(m.start, m.end)}
      </mark>,
    );
    at = m.end;
  }
  if (at < to) out.push(...plain(at, to));
  return out;
}

/** A trainee's message with the goals it covered highlighted, and the findings highlighted inside. */
const highlighted = (text: string, goals: readonly Mark[], findings: readonly Mark[]) => marked(text, 0, text.length, goals, "goal", findings);

function Transcript({ session, evaluation, coachName }: { session: SessionDetail; evaluation: Evaluation; coachName: string }) {
  // The turns the evaluation numbered: the chat's bubbles, or the call's lines, in order.
  const turns = session.messages
    ? session.messages.map((m) => ({ id: m.id, trainee: m.role === "USER", text: m.content }))
    : (session.transcript ?? []).map((l) => ({ id: l.id, trainee: l.speaker === "user", text: l.text }));
  return (
    <Stack gap="sm">
      {turns.map((t, i) => {
        // Positive annotations (e.g. "covers a goal") are shown as goal highlights, not as findings.
        const findings = evaluation.feedback.annotations.filter((a) => a.turn === i && !(a as { positive?: boolean }).positive);
        const goals = evaluation.feedback.goals.filter((g) => g.turn === i && g.quote);
        const findingMarks: Mark[] = findings.map((a) => ({ start: a.start, end: a.end, label: a.suggestion ? `${a.message} Suggestion: ${a.suggestion}` : a.message }));
        const goalMarks: Mark[] = goals.flatMap((g) => {
          const start = t.text.indexOf(g.quote!);
          return start >= 0 ? [{ start, end: start + g.quote!.length, label: `Goal covered: ${g.description}` }] : [];
        });
        return (
          <Fragment key={t.id}>
            <div className={t.trainee ? "turn trainee" : "turn"}>
              <Text size="sm">
                <strong>{t.trainee ? "You" : coachName}:</strong> {t.trainee ? highlighted(t.text, goalMarks, findingMarks) : t.text}
              </Text>
              {t.trainee && (findings.length > 0 || goals.length > 0) && (
                <List size="xs" mt={4} ml="md" spacing={2}>
                  {findings.map((a, k) => (
                    <List.Item key={`f${k}`}>
                      <Text size="xs" span>
                        <mark className="finding">{t.text.slice(a.start, a.end)}</mark> — {a.message}
                        {a.suggestion ? (
                          <>
                            {" "}
                            Try: <strong>{a.suggestion}</strong>
                          </>
                        ) : null}
                      </Text>
                    </List.Item>
                  ))}
                  {goals.map((g) => (
                    <List.Item key={`g${g.id}`}>
                      <Text size="xs" span>
                        Goal covered: {g.description}
                      </Text>
                    </List.Item>
                  ))}
                </List>
              )}
            </div>
          </Fragment>
        );
      })}
    </Stack>
  );
}
