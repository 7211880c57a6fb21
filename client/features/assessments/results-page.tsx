// /assessments/results/:assessmentId — one of the trainee's results: score, pass or not, time,
// and the review (each question: right or not, the trainee's answer, the right answer, why).
import { Alert, Anchor, Badge, Card, Container, Group, List, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths, practiceItemPath } from "../../lib/paths.ts";
import { trpc } from "../../lib/trpc.ts";
import { answerText, clock, typeLabel, type AssessmentResult, type ReviewItem } from "./assessment-text.ts";

export function AssessmentResultsPage() {
  const { assessmentId = "" } = useParams();
  const r = useQuery({ ...trpc.assessments.get.queryOptions({ assessmentId }), retry: false });
  usePageTitle(r.data ? `Result: ${r.data.title ?? typeLabel(r.data.type)}` : "Assessment result");
  return (
    <Container size="md" px={0}>
      <Stack gap="lg">
        <Anchor component={Link} to={paths.assessments} size="sm">
          ← All your results
        </Anchor>
        {r.isPending ? (
          <PageLoader label="Loading your result…" />
        ) : r.isError ? (
          <Stack gap="md">
            <Title order={1}>This result is not available</Title>
            <QueryError error={r.error} title="We could not open it" />
          </Stack>
        ) : (
          <Result r={r.data} />
        )}
      </Stack>
    </Container>
  );
}

function Result({ r }: { r: AssessmentResult }) {
  return (
    <Stack gap="lg">
      <Stack gap={6}>
        <Group gap={6}>
          <Badge variant="light" color="gray">
            {typeLabel(r.type)}
          </Badge>
        </Group>
        <Title order={1}>{r.title ?? "Assessment"}: your result</Title>
        <Text size="sm" c="dimmed">
          Completed {formatDateTime(r.completedAt)} · time taken {clock(r.timeTaken)}
        </Text>
      </Stack>
      <Alert role="status" color={r.passed ? "teal" : "orange"} variant="light" title={`Your score: ${Math.round(r.score)}%${r.passed ? " — passed" : " — not passed yet"}`} data-testid="result-summary">
        {r.correctAnswers} of {r.totalQuestions} questions right
        {r.passingScore !== null ? `; the pass mark is ${r.passingScore}%.` : "."}
        {r.passed ? " Well done!" : " The review below shows what to work on."}
      </Alert>
      {r.contentId && (
        <Anchor component={Link} to={practiceItemPath(r.contentId)} size="sm">
          Back to the assessment's page
        </Anchor>
      )}
      {r.review.length > 0 && (
        <Card withBorder padding="md" component="section" aria-labelledby="review-heading">
          <Title order={2} size="h4" id="review-heading" mb="sm">
            Review
          </Title>
          <List type="ordered" spacing="md">
            {r.review.map((q) => (
              <List.Item key={q.id}>
                <ReviewRow q={q} />
              </List.Item>
            ))}
          </List>
        </Card>
      )}
    </Stack>
  );
}

function ReviewRow({ q }: { q: ReviewItem }) {
  return (
    <Stack gap={4} data-review={q.id}>
      <Text size="sm" fw={500}>
        {q.prompt}
      </Text>
      <Group gap="xs">
        <Badge color={q.correct ? "teal" : "red"} variant="light">
          {q.correct ? "Right" : "Not right"}
        </Badge>
        <Text size="sm">
          <strong>Your answer:</strong> {answerText(q, q.answer)}
        </Text>
      </Group>
      {!q.correct && (
        <Text size="sm">
          <strong>Right answer:</strong> {q.acceptedAnswers ? q.acceptedAnswers.join(" / ") : answerText(q, q.correctAnswer)}
        </Text>
      )}
      {q.explanation && (
        <Text size="sm" c="dimmed">
          {q.explanation}
        </Text>
      )}
    </Stack>
  );
}
