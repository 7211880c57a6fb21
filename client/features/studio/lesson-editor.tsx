// A lesson: its Markdown text with a live preview beside it (rendered exactly as trainees see
// it: no raw HTML, links with rel="noopener noreferrer nofollow"), the time it takes, its
// objectives, and an optional quiz.
import { Button, Card, Group, NumberInput, ScrollArea, SimpleGrid, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { Markdown } from "../practice/markdown.tsx";
import { blankQuestion, nextId, type EditorForm, type LessonForm } from "./content-form.ts";
import { ListError, Section } from "./editor-parts.tsx";
import { ItemControls } from "./item-controls.tsx";
import { QuestionsEditor } from "./question-editor.tsx";

export function LessonEditor({ form }: { form: EditorForm }) {
  const d = form.values.data as LessonForm;
  const allIds = () => (form.getValues().data as LessonForm).quiz.map((q) => q.id);
  return (
    <Stack gap="lg">
      <Section title="The lesson" description="Markdown: # headings, **bold**, lists, [links](https://…). Raw HTML is not rendered.">
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Textarea label="Lesson text (Markdown)" autosize minRows={14} maxRows={40} {...form.getInputProps("data.body")} />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="lesson-preview-label">
              Live preview
            </Text>
            <Card withBorder padding="md" role="region" aria-labelledby="lesson-preview-label">
              <ScrollArea.Autosize mah={720}>{d.body.trim() ? <Markdown>{d.body}</Markdown> : <Text c="dimmed">The preview appears as you write.</Text>}</ScrollArea.Autosize>
            </Card>
          </Stack>
        </SimpleGrid>
        <NumberInput label="Estimated time (minutes)" min={1} max={240} allowDecimal={false} w={{ base: "100%", sm: 240 }} {...form.getInputProps("data.estimatedMinutes")} />
      </Section>
      <Section title="Objectives" description="What the trainee will be able to do (up to 10).">
        {d.objectives.map((_, i) => (
          <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
            <TextInput style={{ flex: 1 }} label={`Objective ${i + 1}`} {...form.getInputProps(`data.objectives.${i}`)} />
            <div style={{ paddingTop: 26 }}>
              <ItemControls listPath="data.objectives" index={i} count={d.objectives.length} name={`objective ${i + 1}`} onMove={(from, to) => form.reorderListItem("data.objectives", { from, to })} onRemove={() => form.removeListItem("data.objectives", i)} />
            </div>
          </Group>
        ))}
        <ListError form={form} path="data.objectives" />
        <Group>
          <Button variant="light" disabled={d.objectives.length >= 10} onClick={() => form.insertListItem("data.objectives", "")}>
            Add an objective
          </Button>
        </Group>
      </Section>
      <Section title="Quiz" description="Optional: a short check at the end, scored like an assessment (up to 50 questions).">
        {d.quiz.length === 0 ? (
          <Group>
            <Button variant="light" onClick={() => form.setFieldValue("data.quiz", [blankQuestion(nextId("q", []))])}>
              Add a quiz
            </Button>
          </Group>
        ) : (
          <QuestionsEditor form={form} path="data.quiz" allIds={allIds} min={0} max={50} />
        )}
      </Section>
    </Stack>
  );
}



