// An exercise, done on the trainee page: an input per item (a short answer for `fill`, a text
// for `rewrite` with a word count when there is a limit), hints on demand, submit (scored on
// the server by catalog.complete), then per item whether it was right, which check failed and
// why, the right answer and the explanation; try again keeps what was written.
import { useState } from "react";
import { Anchor, Button, Card, Group, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import type { CompletionResult } from "../../../shared/schemas/completion.ts";
import type { TraineeExercise } from "../../../shared/schemas/content.ts";
import { FormAlert } from "../../components/form-alert.tsx";
import { errorMessage, trpc } from "../../lib/trpc.ts";
import { ItemFeedback, ResultSummary } from "./quiz-runner.tsx";

const words = (s: string) => s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

type Item = TraineeExercise["items"][number];

function Hint({ item }: { item: Item }) {
  const [shown, setShown] = useState(false);
  if (!item.hint) return null;
  const id = `hint-${item.id}`;
  return (
    <Stack gap={2}>
      <Anchor component="button" type="button" size="sm" aria-expanded={shown} aria-controls={id} onClick={() => setShown((s) => !s)} style={{ alignSelf: "flex-start" }}>
        {shown ? "Hide the hint" : "Show a hint"}
      </Anchor>
      <Text id={id} size="sm" c="dimmed" hidden={!shown}>
        Hint: {item.hint}
      </Text>
    </Stack>
  );
}

function ItemInput({ item, n, value, onChange, disabled }: { item: Item; n: number; value: string; onChange: (v: string) => void; disabled: boolean }) {
  const label = `${n}. ${item.prompt}`;
  if (item.kind === "fill") return <TextInput label={label} value={value} onChange={(e) => onChange(e.currentTarget.value)} disabled={disabled} maxLength={5000} />;
  const count = words(value);
  const over = item.maxWords !== null && count > item.maxWords;
  return (
    <Textarea
      label={label}
      description={item.maxWords !== null ? `At most ${item.maxWords} words.` : "Write your version."}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      disabled={disabled}
      autosize
      minRows={2}
      maxLength={5000}
      inputWrapperOrder={["label", "description", "input", "error"]}
      error={over ? `${count} words: ${count - item.maxWords!} over the limit` : undefined}
      rightSection={
        item.maxWords !== null ? (
          <Text size="xs" c="dimmed" aria-hidden>
            {count}/{item.maxWords}
          </Text>
        ) : null
      }
      rightSectionWidth={56}
    />
  );
}

type Props = { contentId: string; exercise: TraineeExercise; readOnly?: boolean; onCompleted?: (r: CompletionResult) => void };

export function ExerciseRunner({ contentId, exercise, readOnly = false, onCompleted }: Props) {
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [result, setResult] = useState<CompletionResult | null>(null);
  const submit = useMutation({
    ...trpc.catalog.complete.mutationOptions(),
    onSuccess: (r) => {
      setResult(r);
      onCompleted?.(r);
    },
  });
  const byId = new Map(result?.items.map((i) => [i.id, i]));
  const empty = exercise.items.filter((i) => !(answers[i.id] ?? "").trim()).length;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="exercise-title">
      <Stack gap="md">
        <Title order={2} size="h4" id="exercise-title">
          Your turn
        </Title>
        <Text>{exercise.instructions}</Text>
        {result && <ResultSummary result={result} what="items" />}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!result) submit.mutate({ id: contentId, answers });
          }}
        >
          <Stack gap="lg">
            {exercise.items.map((item, i) => (
              <Stack key={item.id} gap={6}>
                <ItemInput
                  item={item}
                  n={i + 1}
                  value={answers[item.id] ?? ""}
                  onChange={(v) => setAnswers((a) => ({ ...a, [item.id]: v }))}
                  disabled={readOnly || submit.isPending || result !== null}
                />
                {!result && <Hint item={item} />}
                {byId.get(item.id) && <ItemFeedback result={byId.get(item.id)!} />}
              </Stack>
            ))}
            {submit.isError && <FormAlert title="Your answers were not sent">{errorMessage(submit.error)}</FormAlert>}
            {readOnly ? (
              <Text size="sm" c="dimmed">
                Only trainees do exercises; this is how it looks to them.
              </Text>
            ) : result ? (
              // Keys: React must not reuse this button's element for the submit button (the
              // click's default action would then submit the form again).
              <Group key="again">
                <Button
                  variant="default"
                  onClick={() => {
                    setResult(null);
                    submit.reset();
                  }}
                >
                  Try again
                </Button>
                <Text size="sm" c="dimmed">
                  Your answers stay so you can improve them.
                </Text>
              </Group>
            ) : (
              <Group key="submit">
                <Button type="submit" loading={submit.isPending}>
                  Check my answers
                </Button>
                {empty > 0 && (
                  <Text size="sm" c="dimmed">
                    {empty} item{empty === 1 ? "" : "s"} still empty (they count as wrong).
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
