// An assessment: its kind, limits and pass mark, and its sections (title, reading passage in
// Markdown, listening script) each with their questions.
import { Button, Card, Checkbox, Group, NumberInput, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { ASSESSMENT_TYPES } from "../../../shared/schemas/content.ts";
import { blankSection, nextId, type AssessmentForm, type EditorForm } from "./content-form.ts";
import { ListError, Section } from "./editor-parts.tsx";
import { ItemControls } from "./item-controls.tsx";
import { QuestionsEditor } from "./question-editor.tsx";

const TYPE_LABELS = { grammar: "Grammar", vocabulary: "Vocabulary", reading: "Reading", listening: "Listening", writing: "Writing" } as const;

export function AssessmentEditor({ form }: { form: EditorForm }) {
  const d = form.values.data as AssessmentForm;
  const allIds = () => (form.getValues().data as AssessmentForm).sections.flatMap((s) => s.questions.map((q) => q.id));
  return (
    <Stack gap="lg">
      <Section title="Settings">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select label="Assessment type" allowDeselect={false} comboboxProps={{ withinPortal: false }} data={ASSESSMENT_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }))} {...form.getInputProps("data.assessmentType")} />
          <NumberInput label="Pass mark (%)" min={0} max={100} {...form.getInputProps("data.passingScore")} />
          <NumberInput label="Time limit (seconds)" description="Empty: untimed" min={30} max={14400} allowDecimal={false} {...form.getInputProps("data.timeLimitSeconds")} />
          <NumberInput label="Attempts allowed" description="Empty: unlimited" min={1} max={100} allowDecimal={false} {...form.getInputProps("data.maxAttempts")} />
        </SimpleGrid>
        <Checkbox label="Shuffle the questions for each attempt" {...form.getInputProps("data.shuffleQuestions", { type: "checkbox" })} />
      </Section>
      <Section title="Sections" description="1–20 sections, each with 1–100 questions.">
        {d.sections.map((s, i) => (
          <Card key={i} withBorder padding="md" role="group" aria-label={`Section ${i + 1}`}>
            <Stack gap="sm">
              <Group justify="space-between" align="flex-start">
                <Text fw={600}>Section {i + 1}</Text>
                <ItemControls listPath="data.sections" index={i} count={d.sections.length} name={`section ${i + 1}`} min={1} onMove={(from, to) => form.reorderListItem("data.sections", { from, to })} onRemove={() => form.removeListItem("data.sections", i)} />
              </Group>
              <TextInput label="Section title" description="Optional" {...form.getInputProps(`data.sections.${i}.title`)} />
              <Textarea label="Reading passage (Markdown)" description="Optional" autosize minRows={2} {...form.getInputProps(`data.sections.${i}.passage`)} />
              <Textarea label="Listening script" description="Optional; the browser reads it aloud" autosize minRows={2} {...form.getInputProps(`data.sections.${i}.listeningScript`)} />
              <QuestionsEditor form={form} path={`data.sections.${i}.questions`} allIds={allIds} min={1} max={100} />
            </Stack>
          </Card>
        ))}
        <ListError form={form} path="data.sections" />
        <Group>
          <Button variant="light" disabled={d.sections.length >= 20} onClick={() => form.insertListItem("data.sections", blankSection(nextId("q", allIds())))}>
            Add a section
          </Button>
        </Group>
      </Section>
    </Stack>
  );
}
