// /practice/:id — one published item in its trainee-safe form: a lesson to read (with its quiz,
// or "mark as read"), an exercise to do (both scored on the server, then rated), a scenario's
// situation and goals (with Start), an assessment's outline (with Start, features/assessments).
import { Anchor, Badge, Card, Container, Group, List, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "../../../server/routers/app.ts";
import type { TraineeAssessment, TraineeExercise, TraineeLesson, TraineeScenario } from "../../../shared/schemas/content.ts";
import { PageLoader } from "../../components/page-loader.tsx";
import { useCurrentUser } from "../../lib/auth.ts";
import { QueryError } from "../../components/query-error.tsx";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths } from "../../lib/paths.ts";
import { queryClient, trpc } from "../../lib/trpc.ts";
import { CATEGORY_LABELS, DIFFICULTY_COLORS, DIFFICULTY_LABELS, labelOf, TYPE_LABELS } from "./content-text.ts";
import { Markdown } from "./markdown.tsx";
import { StartScenario } from "./start-scenario.tsx";
import { StartAssessment } from "../assessments/start-assessment.tsx";
import { ExerciseRunner } from "./exercise-runner.tsx";
import { MarkAsRead, QuizRunner } from "./quiz-runner.tsx";
import { RateContent } from "./rate-content.tsx";

/** One item as catalog.get returns it (the studio's preview builds one from a draft). */
export type Item = inferRouterOutputs<AppRouter>["catalog"]["get"];

export function CatalogItemPage() {
  const { id = "" } = useParams();
  const item = useQuery({ ...trpc.catalog.get.queryOptions({ id }), retry: false });
  usePageTitle(item.data?.title ?? (item.isError ? "Not available" : "Practice"));

  return (
    <Container size="md" px={0}>
      <Stack gap="lg">
        <Anchor component={Link} to={paths.practice} size="sm">
          ← All practice
        </Anchor>
        {item.isPending ? (
          <PageLoader />
        ) : item.isError ? (
          // The page keeps its one h1 when the item cannot be shown.
          <Stack gap="md">
            <Title order={1}>This item is not available</Title>
            <QueryError error={item.error} title="We could not open it" />
          </Stack>
        ) : (
          <ItemView item={item.data} />
        )}
      </Stack>
    </Container>
  );
}

/** The trainee's view of one item; also the studio's "preview as a trainee". */
export function ItemView({ item }: { item: Item }) {
  // Lessons and exercises are done here; a completion allows rating (only trainees do both).
  const readOnly = useCurrentUser().role !== "TRAINEE";
  const completed = () => queryClient.setQueryData(trpc.catalog.get.queryKey({ id: item.id }), (old) => (old ? { ...old, completedCount: old.completedCount + 1 } : old));
  const doable = item.type === "LESSON" || item.type === "EXERCISE";
  return (
    <Stack gap="lg">
      <Stack gap={6}>
        <Group gap={6}>
          <Badge variant="light" color="gray">
            {TYPE_LABELS[item.type]}
          </Badge>
          <Badge variant="light" color={DIFFICULTY_COLORS[item.difficulty as keyof typeof DIFFICULTY_COLORS] ?? "gray"}>
            {labelOf(DIFFICULTY_LABELS, item.difficulty)}
          </Badge>
          <Badge variant="outline" color="gray">
            {labelOf(CATEGORY_LABELS, item.category)}
          </Badge>
        </Group>
        <Title order={1}>{item.title}</Title>
        {item.description && <Text c="dimmed">{item.description}</Text>}
        <Text size="sm" c="dimmed">
          {[item.author && `By ${item.author}`, item.estimatedMinutes !== null && `about ${item.estimatedMinutes} min`, item.ratingCount > 0 ? `★ ${item.rating.toFixed(1)} from ${item.ratingCount}` : "not rated yet"]
            .filter(Boolean)
            .join(" · ")}
        </Text>
      </Stack>
      {item.type === "LESSON" ? (
        <LessonView lesson={item.data as TraineeLesson} id={item.id} completedCount={item.completedCount} readOnly={readOnly} onCompleted={completed} />
      ) : item.type === "ASSESSMENT" ? (
        <AssessmentView a={item.data as TraineeAssessment} contentId={item.id} />
      ) : item.type === "EXERCISE" ? (
        <ExerciseRunner contentId={item.id} exercise={item.data as TraineeExercise} readOnly={readOnly} onCompleted={completed} />
      ) : (
        <ScenarioView s={item.data as TraineeScenario} call={item.type === "CALL_SCENARIO"} />
      )}
      {doable && !readOnly && <RateContent key={item.id} contentId={item.id} completed={item.completedCount > 0} rating={item.rating} ratingCount={item.ratingCount} myRating={item.myRating} />}
    </Stack>
  );
}

function LessonView({ lesson, id, completedCount, readOnly, onCompleted }: { lesson: TraineeLesson; id: string; completedCount: number; readOnly: boolean; onCompleted: () => void }) {
  return (
    <Stack gap="lg">
      {lesson.objectives.length > 0 && (
        <Card withBorder padding="md">
          <Title order={2} size="h4" mb="xs">
            You will learn to
          </Title>
          <List size="sm">
            {lesson.objectives.map((o) => (
              <List.Item key={o}>{o}</List.Item>
            ))}
          </List>
        </Card>
      )}
      <Markdown>{lesson.body}</Markdown>
      {lesson.quiz ? (
        <QuizRunner contentId={id} questions={lesson.quiz} readOnly={readOnly} onCompleted={onCompleted} />
      ) : (
        <MarkAsRead contentId={id} completed={completedCount > 0} readOnly={readOnly} onCompleted={onCompleted} />
      )}
    </Stack>
  );
}

function ScenarioView({ s, call }: { s: TraineeScenario; call: boolean }) {
  return (
    <Stack gap="md">
      <Card withBorder padding="md">
        <Title order={2} size="h4" mb="xs">
          The situation
        </Title>
        <Text size="sm" mb="sm">
          You will talk with <strong>{s.persona.name}</strong>, {s.persona.role}
          {s.persona.company ? ` at ${s.persona.company}` : ""}.
        </Text>
        <Text size="sm" style={{ whiteSpace: "pre-line" }}>
          {s.brief}
        </Text>
      </Card>
      <Card withBorder padding="md">
        <Title order={2} size="h4" mb="xs">
          What to get across
        </Title>
        <List size="sm">
          {s.goals.map((g) => (
            <List.Item key={g.id}>{g.description}</List.Item>
          ))}
        </List>
      </Card>
      <StartScenario call={call} />
    </Stack>
  );
}

function AssessmentView({ a, contentId }: { a: TraineeAssessment; contentId: string }) {
  return (
    <Stack gap="md">
      <Card withBorder padding="md">
        <List size="sm">
          <List.Item>{a.questionCount} questions in {a.sections.length} section{a.sections.length === 1 ? "" : "s"}</List.Item>
          <List.Item>{a.timeLimitSeconds ? `Time limit: ${Math.round(a.timeLimitSeconds / 60)} minutes` : "No time limit"}</List.Item>
          <List.Item>Pass mark: {a.passingScore}%</List.Item>
          <List.Item>{a.maxAttempts ? `Up to ${a.maxAttempts} attempts` : "Unlimited attempts"}</List.Item>
        </List>
      </Card>
      <StartAssessment contentId={contentId} timed={a.timeLimitSeconds !== null} />
    </Stack>
  );
}
