// The questions of an assessment section or a lesson quiz: every kind the contract has
// (single and multiple choice with the correct option(s) marked, true/false, text with
// accepted answers, order with the items in their correct order), with explanation and points.
import { Button, Card, Checkbox, Group, NumberInput, Radio, Select, Stack, TagsInput, Text, Textarea, TextInput } from "@mantine/core";
import type { QuestionKind } from "../../../shared/schemas/content.ts";
import { blankQuestion, errorUnder, nextId, valueAt, type EditorForm, type QuestionForm } from "./content-form.ts";
import { ItemControls } from "./item-controls.tsx";

const KIND_LABELS: Record<QuestionKind, string> = {
  single: "Single choice",
  multiple: "Multiple choice",
  true_false: "True or false",
  text: "Typed answer",
  order: "Put in order",
};

const INLINE = { withinPortal: false } as const;

type Props = {
  form: EditorForm;
  /** Where the list is: "data.sections.0.questions" or "data.quiz". */
  path: string;
  /** Every question id of the item, so a new one gets an unused id. */
  allIds: () => string[];
  /** The schema's minimum number of questions here. */
  min: number;
  max: number;
};

export function QuestionsEditor({ form, path, allIds, min, max }: Props) {
  const questions = valueAt<QuestionForm[]>(form, path);
  const listError = form.errors[path];
  return (
    <Stack gap="sm">
      {questions.map((q, i) => (
        <QuestionCard key={i} form={form} path={`${path}.${i}`} listPath={path} index={i} count={questions.length} q={q} min={min} />
      ))}
      {listError && (
        <Text c="red.8" size="sm" role="alert">
          {String(listError)}
        </Text>
      )}
      <Group>
        <Button variant="light" disabled={questions.length >= max} onClick={() => form.insertListItem(path, blankQuestion(nextId("q", allIds())))}>
          Add a question
        </Button>
      </Group>
    </Stack>
  );
}

function QuestionCard({ form, path, listPath, index, count, q, min }: { form: EditorForm; path: string; listPath: string; index: number; count: number; q: QuestionForm; min: number }) {
  const name = `question ${index + 1}`;
  const setKind = (kind: QuestionKind) => {
    form.setFieldValue(path, {
      ...q,
      kind,
      answer: kind === "true_false" ? true : kind === "single" ? 0 : null,
      answers: [],
      options: q.options.length >= 2 ? q.options : ["", ""],
      items: q.items.length >= 2 ? q.items : ["", ""],
    });
  };
  return (
    <Card withBorder padding="md" role="group" aria-label={`Question ${index + 1}`}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Text fw={600}>
            Question {index + 1}
          </Text>
          <ItemControls listPath={listPath} index={index} count={count} name={name} min={min} onMove={(from, to) => form.reorderListItem(listPath, { from, to })} onRemove={() => form.removeListItem(listPath, index)} />
        </Group>
        <Group grow align="flex-start">
          <Select label="Kind" data={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))} value={q.kind} onChange={(v) => v && setKind(v as QuestionKind)} allowDeselect={false} comboboxProps={INLINE} />
          <TextInput label="Id" description="Lowercase letters, digits, dashes" {...form.getInputProps(`${path}.id`)} />
          <NumberInput label="Points" description="Default 1" min={1} max={100} allowDecimal={false} {...form.getInputProps(`${path}.points`)} />
        </Group>
        <Textarea label="Question" autosize minRows={2} {...form.getInputProps(`${path}.prompt`)} />
        {(q.kind === "single" || q.kind === "multiple") && <OptionsEditor form={form} path={path} q={q} />}
        {q.kind === "true_false" && (
          <Radio.Group
            label="Correct answer"
            value={q.answer === true ? "true" : q.answer === false ? "false" : ""}
            onChange={(v) => form.setFieldValue(`${path}.answer`, v === "true")}
            error={form.errors[`${path}.answer`]}
          >
            <Group mt={4}>
              <Radio value="true" label="True" />
              <Radio value="false" label="False" />
            </Group>
          </Radio.Group>
        )}
        {q.kind === "text" && (
          <>
            <TagsInput
              label="Accepted answers"
              description="Press Enter after each answer. Matching ignores extra spaces and trailing punctuation."
              {...form.getInputProps(`${path}.acceptedAnswers`)}
              error={errorUnder(form.errors, `${path}.acceptedAnswers`)}
              comboboxProps={INLINE}
            />
            <Checkbox label="Case-sensitive" {...form.getInputProps(`${path}.caseSensitive`, { type: "checkbox" })} />
          </>
        )}
        {q.kind === "order" && <OrderItemsEditor form={form} path={path} q={q} />}
        <Textarea label="Explanation" description="Shown after the trainee submits (optional)" autosize minRows={1} {...form.getInputProps(`${path}.explanation`)} />
      </Stack>
    </Card>
  );
}

function OptionsEditor({ form, path, q }: { form: EditorForm; path: string; q: QuestionForm }) {
  const single = q.kind === "single";
  const remove = (i: number) => {
    const options = q.options.filter((_, k) => k !== i);
    const shift = (a: number) => (a > i ? a - 1 : a);
    form.setFieldValue(path, {
      ...q,
      options,
      answer: typeof q.answer === "number" ? (q.answer === i ? 0 : shift(q.answer)) : q.answer,
      answers: q.answers.filter((a) => a !== i).map(shift),
    });
  };
  const answerError = errorUnder(form.errors, single ? `${path}.answer` : `${path}.answers`);
  return (
    <Stack gap={6} role="group" aria-label={single ? "Options (mark the correct one)" : "Options (mark every correct one)"}>
      <Text size="sm" fw={500}>
        Options — mark {single ? "the correct one" : "every correct one"}
      </Text>
      {q.options.map((_, i) => (
        <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
          {single ? (
            <Radio mt={10} name={`${path}-answer`} aria-label={`Option ${i + 1} is the correct answer`} checked={q.answer === i} onChange={() => form.setFieldValue(`${path}.answer`, i)} />
          ) : (
            <Checkbox
              mt={10}
              aria-label={`Option ${i + 1} is correct`}
              checked={q.answers.includes(i)}
              onChange={(e) => form.setFieldValue(`${path}.answers`, e.currentTarget.checked ? [...q.answers, i].sort((a, b) => a - b) : q.answers.filter((a) => a !== i))}
            />
          )}
          <TextInput style={{ flex: 1 }} aria-label={`Option ${i + 1}`} placeholder={`Option ${i + 1}`} {...form.getInputProps(`${path}.options.${i}`)} />
          <Button variant="subtle" color="red" aria-label={`Remove option ${i + 1}`} disabled={q.options.length <= 2} onClick={() => remove(i)}>
            Remove
          </Button>
        </Group>
      ))}
      {(answerError || form.errors[`${path}.options`]) && (
        <Text c="red.8" size="sm">
          {answerError ?? String(form.errors[`${path}.options`])}
        </Text>
      )}
      <Group>
        <Button size="xs" variant="default" disabled={q.options.length >= 8} onClick={() => form.insertListItem(`${path}.options`, "")}>
          Add an option
        </Button>
      </Group>
    </Stack>
  );
}

function OrderItemsEditor({ form, path, q }: { form: EditorForm; path: string; q: QuestionForm }) {
  const listPath = `${path}.items`;
  return (
    <Stack gap={6} role="group" aria-label="Items in their correct order">
      <Text size="sm" fw={500}>
        Items, in their correct order (trainees see them shuffled)
      </Text>
      {q.items.map((_, i) => (
        <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
          <TextInput style={{ flex: 1 }} aria-label={`Item ${i + 1}`} placeholder={`Item ${i + 1}`} {...form.getInputProps(`${listPath}.${i}`)} />
          <ItemControls listPath={listPath} index={i} count={q.items.length} name={`item ${i + 1}`} min={2} onMove={(from, to) => form.reorderListItem(listPath, { from, to })} onRemove={() => form.removeListItem(listPath, i)} />
        </Group>
      ))}
      {form.errors[listPath] && (
        <Text c="red.8" size="sm">
          {String(form.errors[listPath])}
        </Text>
      )}
      <Group>
        <Button size="xs" variant="default" disabled={q.items.length >= 10} onClick={() => form.insertListItem(listPath, "")}>
          Add an item
        </Button>
      </Group>
    </Stack>
  );
}
