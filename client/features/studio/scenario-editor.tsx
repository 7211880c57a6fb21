// A chat or call scenario: the persona, the brief, the goals (with their evidence phrases),
// the coach's script (opening, steps that each expect some goals, closing), and the optional
// rubric, LLM instructions and time limit; calls add the voice and the target pace.
import { Button, Card, Group, MultiSelect, NumberInput, Select, SimpleGrid, Stack, TagsInput, Text, Textarea, TextInput } from "@mantine/core";
import { SKILLS, type Skill } from "../../../shared/schemas/content.ts";
import { blankGoal, blankStep, errorUnder, nextId, slugify, uniqueId, type EditorForm, type ScenarioForm } from "./content-form.ts";
import { ListError, Section } from "./editor-parts.tsx";
import { ItemControls } from "./item-controls.tsx";

const INLINE = { withinPortal: false } as const;

const SKILL_LABELS: Record<Skill, string> = {
  fluency: "Fluency",
  grammar: "Grammar",
  vocabulary: "Vocabulary",
  clarity: "Clarity",
  professionalism: "Professionalism",
  taskCompletion: "Task completion",
  pace: "Pace",
};

export function ScenarioEditor({ form, call }: { form: EditorForm; call: boolean }) {
  const d = form.values.data as ScenarioForm;

  /** Renames a goal and every step's reference to it. */
  const renameGoal = (index: number, id: string) => {
    const old = d.goals[index]!.id;
    form.setFieldValue(`data.goals.${index}.id`, id);
    d.steps.forEach((s, i) => {
      if (s.expects.includes(old)) form.setFieldValue(`data.steps.${i}.expects`, s.expects.map((g) => (g === old ? id : g)));
    });
  };
  /** A goal still called goal-N takes the slug of its description once that is written. */
  const autoGoalId = (index: number) => {
    const g = d.goals[index]!;
    const slug = slugify(g.description).split("-").slice(0, 5).join("-");
    if (/^goal-\d+$/.test(g.id) && slug) renameGoal(index, uniqueId(slug, d.goals.filter((_, k) => k !== index).map((x) => x.id)));
  };
  const removeGoal = (index: number) => {
    const id = d.goals[index]!.id;
    form.removeListItem("data.goals", index);
    d.steps.forEach((s, i) => {
      if (s.expects.includes(id)) form.setFieldValue(`data.steps.${i}.expects`, s.expects.filter((g) => g !== id));
    });
  };
  const goalOptions = d.goals.filter((g) => g.id).map((g) => ({ value: g.id, label: g.description ? `${g.description} (${g.id})` : g.id }));
  // Ids repeated while typing are offered once.
  const uniqueGoalOptions = goalOptions.filter((o, i) => goalOptions.findIndex((x) => x.value === o.value) === i);

  return (
    <Stack gap="lg">
      <Section title="The persona" description="Who the coach plays.">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Name" {...form.getInputProps("data.persona.name")} />
          <TextInput label="Role" placeholder="Hiring manager" {...form.getInputProps("data.persona.role")} />
          <TextInput label="Company" description="Optional" {...form.getInputProps("data.persona.company")} />
          <Select
            label="Tone"
            description="Optional"
            clearable
            comboboxProps={INLINE}
            data={[
              { value: "friendly", label: "Friendly" },
              { value: "neutral", label: "Neutral" },
              { value: "demanding", label: "Demanding" },
            ]}
            {...form.getInputProps("data.persona.tone")}
            value={d.persona.tone || null}
            onChange={(v) => form.setFieldValue("data.persona.tone", (v ?? "") as ScenarioForm["persona"]["tone"])}
          />
        </SimpleGrid>
      </Section>

      <Section title="The brief" description="What the trainee reads before starting: the situation and their goal.">
        <Textarea label="Brief" autosize minRows={3} {...form.getInputProps("data.brief")} />
      </Section>

      <Section title="Goals" description="What the trainee should get across (1–8). A goal counts as covered when the trainee's words match one of its phrases.">
        {d.goals.map((g, i) => (
          <Card key={i} withBorder padding="md" role="group" aria-label={`Goal ${i + 1}`}>
            <Stack gap="sm">
              <Group justify="space-between" align="flex-start">
                <Text fw={600}>Goal {i + 1}</Text>
                <ItemControls listPath="data.goals" index={i} count={d.goals.length} name={`goal ${i + 1}`} min={1} onMove={(from, to) => form.reorderListItem("data.goals", { from, to })} onRemove={() => removeGoal(i)} />
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label="Description"
                  placeholder="Explain your motivation"
                  {...form.getInputProps(`data.goals.${i}.description`)}
                  onBlur={() => autoGoalId(i)}
                />
                <TextInput
                  label="Id"
                  description="Steps refer to the goal by it"
                  {...form.getInputProps(`data.goals.${i}.id`)}
                  onChange={(e) => renameGoal(i, e.currentTarget.value)}
                />
              </SimpleGrid>
              <TagsInput
                label="Evidence phrases"
                description="Press Enter after each phrase (1–30)"
                {...form.getInputProps(`data.goals.${i}.phrases`)}
                error={errorUnder(form.errors, `data.goals.${i}.phrases`)}
                comboboxProps={INLINE}
              />
            </Stack>
          </Card>
        ))}
        <ListError form={form} path="data.goals" />
        <Group>
          <Button variant="light" disabled={d.goals.length >= 8} onClick={() => form.insertListItem("data.goals", blankGoal(nextId("goal", d.goals.map((g) => g.id))))}>
            Add a goal
          </Button>
        </Group>
      </Section>

      <Section title="The conversation" description="The coach opens, goes through the steps in order, and closes.">
        <Textarea label="Opening line" autosize minRows={2} {...form.getInputProps("data.opening")} />
        {d.steps.map((s, i) => (
          <Card key={i} withBorder padding="md" role="group" aria-label={`Step ${i + 1}`}>
            <Stack gap="sm">
              <Group justify="space-between" align="flex-start">
                <Text fw={600}>Step {i + 1}</Text>
                <ItemControls listPath="data.steps" index={i} count={d.steps.length} name={`step ${i + 1}`} min={1} onMove={(from, to) => form.reorderListItem("data.steps", { from, to })} onRemove={() => form.removeListItem("data.steps", i)} />
              </Group>
              <Textarea label="What the coach says" autosize minRows={2} {...form.getInputProps(`data.steps.${i}.say`)} />
              <MultiSelect
                label="Goals this step asks for"
                placeholder={s.expects.length ? undefined : "Pick goals"}
                data={uniqueGoalOptions}
                comboboxProps={INLINE}
                {...form.getInputProps(`data.steps.${i}.expects`)}
                error={errorUnder(form.errors, `data.steps.${i}.expects`)}
              />
              <Textarea label="Follow-up" description="Said once when the answer covers none of these goals (optional)" autosize minRows={1} {...form.getInputProps(`data.steps.${i}.followUp`)} />
              <TextInput label="Step id" w={{ base: "100%", sm: 240 }} {...form.getInputProps(`data.steps.${i}.id`)} />
            </Stack>
          </Card>
        ))}
        <ListError form={form} path="data.steps" />
        <Group>
          <Button variant="light" disabled={d.steps.length >= 20} onClick={() => form.insertListItem("data.steps", blankStep(nextId("step", d.steps.map((s) => s.id))))}>
            Add a step
          </Button>
        </Group>
        <Textarea label="Closing line" autosize minRows={2} {...form.getInputProps("data.closing")} />
      </Section>

      <Section title="Scoring and limits" description="All optional.">
        <Text size="sm" fw={500}>
          Rubric weights (empty: all skills weigh the same)
        </Text>
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          {SKILLS.filter((s) => call || s !== "pace").map((s) => (
            <NumberInput key={s} label={SKILL_LABELS[s]} min={0} max={100} {...form.getInputProps(`data.rubric.${s}`)} />
          ))}
        </SimpleGrid>
        {form.errors["data.rubric"] && (
          <Text c="red.8" size="sm">
            {String(form.errors["data.rubric"])}
          </Text>
        )}
        <NumberInput label="Time limit (minutes)" min={1} max={120} allowDecimal={false} w={{ base: "100%", sm: 240 }} {...form.getInputProps("data.timeLimitMinutes")} />
        <Textarea label="Instructions for an LLM coach" description="Added to the system prompt when an LLM plays the persona" autosize minRows={2} {...form.getInputProps("data.llmInstructions")} />
        {call && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Voice language" description="A language tag; default en-US" placeholder="en-US" {...form.getInputProps("data.voice.lang")} />
            <NumberInput label="Voice rate" description="0.5–2; default 1" min={0.5} max={2} step={0.1} decimalScale={2} {...form.getInputProps("data.voice.rate")} />
            <NumberInput label="Target pace from (words per minute)" description="Default 120" min={40} max={300} allowDecimal={false} {...form.getInputProps("data.targetWpm.0")} />
            <NumberInput
              label="Target pace to (words per minute)"
              description="Default 160"
              min={40}
              max={300}
              allowDecimal={false}
              {...form.getInputProps("data.targetWpm.1")}
              error={form.errors["data.targetWpm.1"] ?? form.errors["data.targetWpm"]}
            />
          </SimpleGrid>
        )}
      </Section>
    </Stack>
  );
}
