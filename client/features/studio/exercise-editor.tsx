// An exercise: instructions and items. A fill item has accepted answers; a rewrite item has
// phrases it must include or avoid and a word limit. Both may have a hint and an explanation.
import { Button, Card, Group, NumberInput, SegmentedControl, SimpleGrid, Stack, TagsInput, Text, Textarea, TextInput } from "@mantine/core";
import { blankExerciseItem, errorUnder, nextId, type EditorForm, type ExerciseForm } from "./content-form.ts";
import { ListError, Section } from "./editor-parts.tsx";
import { ItemControls } from "./item-controls.tsx";

const INLINE = { withinPortal: false } as const;

export function ExerciseEditor({ form }: { form: EditorForm }) {
  const d = form.values.data as ExerciseForm;
  return (
    <Stack gap="lg">
      <Section title="Instructions">
        <Textarea label="Instructions" autosize minRows={2} {...form.getInputProps("data.instructions")} />
      </Section>
      <Section title="Items" description="1–50 items.">
        {d.items.map((item, i) => {
          const p = `data.items.${i}`;
          return (
            <Card key={i} withBorder padding="md" role="group" aria-label={`Item ${i + 1}`}>
              <Stack gap="sm">
                <Group justify="space-between" align="flex-start">
                  <Text fw={600}>Item {i + 1}</Text>
                  <ItemControls listPath="data.items" index={i} count={d.items.length} name={`item ${i + 1}`} min={1} onMove={(from, to) => form.reorderListItem("data.items", { from, to })} onRemove={() => form.removeListItem("data.items", i)} />
                </Group>
                <Group align="flex-end">
                  <Stack gap={4}>
                    <Text size="sm" fw={500} id={`${p}-kind`}>
                      Kind
                    </Text>
                    <SegmentedControl
                      aria-labelledby={`${p}-kind`}
                      data={[
                        { value: "fill", label: "Fill in" },
                        { value: "rewrite", label: "Rewrite" },
                      ]}
                      {...form.getInputProps(`${p}.kind`)}
                    />
                  </Stack>
                  <TextInput label="Id" {...form.getInputProps(`${p}.id`)} />
                </Group>
                <Textarea label="Prompt" autosize minRows={2} {...form.getInputProps(`${p}.prompt`)} />
                {item.kind === "fill" ? (
                  <TagsInput label="Accepted answers" description="Press Enter after each answer" comboboxProps={INLINE} {...form.getInputProps(`${p}.acceptedAnswers`)} error={errorUnder(form.errors, `${p}.acceptedAnswers`)} />
                ) : (
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <TagsInput label="Must include" description="Phrases the answer must contain" comboboxProps={INLINE} {...form.getInputProps(`${p}.mustInclude`)} error={errorUnder(form.errors, `${p}.mustInclude`)} />
                    <TagsInput label="Avoid" description="Phrases it must not contain" comboboxProps={INLINE} {...form.getInputProps(`${p}.avoid`)} error={errorUnder(form.errors, `${p}.avoid`)} />
                    <NumberInput label="Word limit" description="Optional" min={1} max={1000} allowDecimal={false} {...form.getInputProps(`${p}.maxWords`)} />
                  </SimpleGrid>
                )}
                <TextInput label="Hint" description="Optional" {...form.getInputProps(`${p}.hint`)} />
                <Textarea label="Explanation" description="Shown after answering (optional)" autosize minRows={1} {...form.getInputProps(`${p}.explanation`)} />
              </Stack>
            </Card>
          );
        })}
        <ListError form={form} path="data.items" />
        <Group>
          <Button variant="light" disabled={d.items.length >= 50} onClick={() => form.insertListItem("data.items", blankExerciseItem(nextId("item", d.items.map((x) => x.id))))}>
            Add an item
          </Button>
        </Group>
      </Section>
    </Stack>
  );
}
