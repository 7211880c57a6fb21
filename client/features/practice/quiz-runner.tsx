// A lesson's quiz, answered on the trainee page: every question kind (one choice, several,
// true/false, a typed answer, putting items in order with move up/down buttons), scored on the
// server by catalog.complete, then each question's result with the right answer and the
// explanation, which the server sends only now. Also the result pieces the exercise runner uses.
import { useState } from "react";
import { ActionIcon, Alert, Badge, Button, Card, Checkbox, Group, List, Radio, Stack, Text, TextInput, Title, VisuallyHidden } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import type { CompletionAnswer, CompletionItemResult, CompletionResult } from "../../../shared/schemas/completion.ts";
import type { TraineeQuestion } from "../../../shared/schemas/content.ts";
import { FormAlert } from "../../components/form-alert.tsx";
import { errorMessage, trpc } from "../../lib/trpc.ts";

export type Answers = Record<string, CompletionAnswer>;

/** The first answer of each question: nothing chosen, except an order question's items as shown. */
export function initialAnswers(questions: readonly TraineeQuestion[]): Answers {
  return Object.fromEntries(questions.filter((q) => q.kind === "order").map((q) => [q.id, [...(q as { items: string[] }).items]]));
}

/** Moves the item at `from` one place up (-1) or down (+1); a copy. */
export function moved<T>(xs: readonly T[], from: number, by: -1 | 1): T[] {
  const to = from + by;
  if (to < 0 || to >= xs.length) return [...xs];
  const out = [...xs];
  [out[from], out[to]] = [out[to]!, out[from]!];
  return out;
}

type InputProps = { question: TraineeQuestion; value: CompletionAnswer | undefined; onChange: (v: CompletionAnswer) => void; disabled: boolean; label: string };

/** The input for one question, labelled by its prompt. */
export function QuestionInput({ question: q, value, onChange, disabled, label }: InputProps) {
  switch (q.kind) {
    case "single":
      return (
        <Radio.Group label={label} value={typeof value === "number" ? String(value) : null} onChange={(v) => onChange(Number(v))}>
          <Stack gap={6} mt="xs">
            {q.options.map((o, i) => (
              <Radio key={i} value={String(i)} label={o} disabled={disabled} />
            ))}
          </Stack>
        </Radio.Group>
      );
    case "multiple":
      return (
        <Checkbox.Group
          label={label}
          description="Choose all that apply."
          value={Array.isArray(value) ? (value as number[]).map(String) : []}
          onChange={(v) => onChange(v.map(Number).sort((a, b) => a - b))}
        >
          <Stack gap={6} mt="xs">
            {q.options.map((o, i) => (
              <Checkbox key={i} value={String(i)} label={o} disabled={disabled} />
            ))}
          </Stack>
        </Checkbox.Group>
      );
    case "true_false":
      return (
        <Radio.Group label={label} value={typeof value === "boolean" ? String(value) : null} onChange={(v) => onChange(v === "true")}>
          <Group gap="lg" mt="xs">
            <Radio value="true" label="True" disabled={disabled} />
            <Radio value="false" label="False" disabled={disabled} />
          </Group>
        </Radio.Group>
      );
    case "text":
      return <TextInput label={label} value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.currentTarget.value)} disabled={disabled} maxLength={5000} />;
    case "order":
      return <OrderInput label={label} items={Array.isArray(value) ? (value as string[]) : q.items} onChange={onChange} disabled={disabled} />;
  }
}

/** Items in a list, each with "move up" and "move down" buttons (plain buttons: keyboard operable). */
function OrderInput({ label, items, onChange, disabled }: { label: string; items: string[]; onChange: (v: string[]) => void; disabled: boolean }) {
  const [announce, setAnnounce] = useState("");
  const move = (i: number, by: -1 | 1) => {
    onChange(moved(items, i, by));
    setAnnounce(`“${items[i]}” moved to position ${i + by + 1} of ${items.length}.`);
  };
  return (
    <Stack gap={6} role="group" aria-label={label}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Text size="xs" c="dimmed">
        Put the items in the right order with the move buttons.
      </Text>
      <List type="ordered" listStyleType="none" spacing={4} p={0} m={0}>
        {items.map((item, i) => (
          <List.Item key={item}>
            <Group gap="xs" wrap="nowrap">
              <Text size="sm" c="dimmed" w={20} ta="right">
                {i + 1}.
              </Text>
              <Text size="sm" style={{ flex: 1 }}>
                {item}
              </Text>
              <ActionIcon type="button" variant="default" aria-label={`Move “${item}” up`} disabled={disabled || i === 0} onClick={() => move(i, -1)}>
                <span aria-hidden>↑</span>
              </ActionIcon>
              <ActionIcon type="button" variant="default" aria-label={`Move “${item}” down`} disabled={disabled || i === items.length - 1} onClick={() => move(i, 1)}>
                <span aria-hidden>↓</span>
              </ActionIcon>
            </Group>
          </List.Item>
        ))}
      </List>
      <VisuallyHidden aria-live="polite">{announce}</VisuallyHidden>
    </Stack>
  );
}

/** The score and how many were right, announced when it appears. */
export function ResultSummary({ result, what }: { result: CompletionResult; what: string }) {
  const right = result.items.filter((i) => i.correct).length;
  const all = right === result.items.length;
  return (
    <Alert role="status" color={all ? "teal" : "blue"} variant="light" title={`Your score: ${result.score === null ? "done" : `${Math.round(result.score)}%`}`}>
      {right} of {result.items.length} {what} right.{all ? " Well done!" : " Each one below says what to change."}
    </Alert>
  );
}

/** One question's or item's result: right or not, each check with why, the right answer, the explanation. */
export function ItemFeedback({ result }: { result: CompletionItemResult }) {
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Badge color={result.correct ? "teal" : "red"} variant="light">
          {result.correct ? "Right" : "Not right"}
        </Badge>
      </Group>
      {result.feedback.length > 1 || (result.feedback[0] && result.feedback[0].check !== "answer") ? (
        <List size="sm" spacing={2} aria-label="Checks">
          {result.feedback.map((f, i) => (
            <List.Item key={i} icon={<span aria-hidden>{f.passed ? "✓" : "✗"}</span>}>
              <Text span size="sm" c={f.passed ? undefined : "red.8"}>
                <VisuallyHidden component="span">{f.passed ? "Passed: " : "Failed: "}</VisuallyHidden>
                {f.message}
              </Text>
            </List.Item>
          ))}
        </List>
      ) : null}
      {result.correctAnswer !== undefined && !result.correct && (
        <Text size="sm">
          <strong>Right answer:</strong> {Array.isArray(result.correctAnswer) ? result.correctAnswer.join(result.correctAnswer.length > 2 ? " → " : ", ") : result.correctAnswer}
        </Text>
      )}
      {result.explanation && (
        <Text size="sm" c="dimmed">
          {result.explanation}
        </Text>
      )}
    </Stack>
  );
}

type RunnerProps = { contentId: string; questions: TraineeQuestion[]; readOnly?: boolean; onCompleted?: (r: CompletionResult) => void };

/** The lesson's quiz: answer, submit, see each result, try again. */
export function QuizRunner({ contentId, questions, readOnly = false, onCompleted }: RunnerProps) {
  const [answers, setAnswers] = useState<Answers>(() => initialAnswers(questions));
  const [result, setResult] = useState<CompletionResult | null>(null);
  const submit = useMutation({
    ...trpc.catalog.complete.mutationOptions(),
    onSuccess: (r) => {
      setResult(r);
      onCompleted?.(r);
    },
  });
  const unanswered = questions.filter((q) => answers[q.id] === undefined || answers[q.id] === "" || (Array.isArray(answers[q.id]) && (answers[q.id] as unknown[]).length === 0)).length;
  const byId = new Map(result?.items.map((i) => [i.id, i]));
  const again = () => {
    setResult(null);
    setAnswers(initialAnswers(questions));
    submit.reset();
  };
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="quiz-title">
      <Stack gap="md">
        <Title order={2} size="h4" id="quiz-title">
          Check what you learned
        </Title>
        {result && <ResultSummary result={result} what="questions" />}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!result) submit.mutate({ id: contentId, answers });
          }}
        >
          <Stack gap="lg">
            {questions.map((q, i) => (
              <Stack key={q.id} gap={6}>
                <QuestionInput
                  question={q}
                  label={`${i + 1}. ${q.prompt}`}
                  value={answers[q.id]}
                  onChange={(v) => setAnswers((a) => ({ ...a, [q.id]: v }))}
                  disabled={readOnly || submit.isPending || result !== null}
                />
                {byId.get(q.id) && <ItemFeedback result={byId.get(q.id)!} />}
              </Stack>
            ))}
            {submit.isError && <FormAlert title="Your answers were not sent">{errorMessage(submit.error)}</FormAlert>}
            {readOnly ? (
              <Text size="sm" c="dimmed">
                Only trainees answer quizzes; this is how the quiz looks to them.
              </Text>
            ) : result ? (
              // Keys: React must not reuse this button's element for the submit button (the
              // click's default action would then submit the form again).
              <Group key="again">
                <Button variant="default" onClick={again}>
                  Try again
                </Button>
              </Group>
            ) : (
              <Group key="submit">
                <Button type="submit" loading={submit.isPending}>
                  Check my answers
                </Button>
                {unanswered > 0 && (
                  <Text size="sm" c="dimmed">
                    {unanswered} question{unanswered === 1 ? "" : "s"} not answered yet (they count as wrong).
                  </Text>
                )}
              </Group>
            )}
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}

/** A lesson without a quiz: "Mark as read" records the completion (then it can be rated). */
export function MarkAsRead({ contentId, completed, readOnly = false, onCompleted }: { contentId: string; completed: boolean; readOnly?: boolean; onCompleted?: (r: CompletionResult) => void }) {
  const mark = useMutation({ ...trpc.catalog.complete.mutationOptions(), onSuccess: (r) => onCompleted?.(r) });
  if (readOnly) return null;
  return (
    <Stack gap="xs">
      {mark.isError && <FormAlert title="It was not marked as read">{errorMessage(mark.error)}</FormAlert>}
      <Group>
        {mark.isSuccess ? (
          <Text role="status" fw={500} c="teal.8">
            ✓ Marked as read.
          </Text>
        ) : (
          <Button variant={completed ? "default" : "filled"} loading={mark.isPending} onClick={() => mark.mutate({ id: contentId })}>
            {completed ? "Mark as read again" : "Mark as read"}
          </Button>
        )}
        {completed && !mark.isSuccess && (
          <Text size="sm" c="dimmed">
            You have read this lesson before.
          </Text>
        )}
      </Group>
    </Stack>
  );
}
