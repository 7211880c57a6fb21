// "Preview as a trainee": the draft in the editor (unsaved edits included), turned into its
// trainee-safe form by the same function the catalogue uses, and shown by the same component
// as /practice/:id.
import { Alert, List, Stack, Text } from "@mantine/core";
import { estimatedMinutes, seedOf, traineeSafeData } from "../../../shared/content/trainee-view.ts";
import { displayName, useCurrentUser } from "../../lib/auth.ts";
import { ItemView, type Item } from "../practice/catalog-item-page.tsx";
import { CoachPreview } from "./coach-preview.tsx";
import { problemsOf, toContentInput, type EditorValues } from "./content-form.ts";

export function TraineePreview({ values, id }: { values: EditorValues; id: string | null }) {
  const me = useCurrentUser();
  const input = toContentInput(values);
  const problems = problemsOf(input);
  let item: Item | null = null;
  try {
    item = {
      id: id ?? "preview",
      type: values.type,
      title: values.title.trim() || "Untitled",
      description: values.description.trim() || null,
      category: values.category,
      difficulty: values.difficulty,
      estimatedMinutes: estimatedMinutes(values.type, input.data),
      rating: 0,
      ratingCount: 0,
      views: 0,
      publishedAt: null,
      version: 0,
      author: displayName(me),
      data: traineeSafeData(values.type, input.data, seedOf(id ?? "preview")),
      completedCount: 0,
      myRating: null,
    };
  } catch {
    item = null;
  }
  const scenarioType = values.type === "CHAT_SCENARIO" || values.type === "CALL_SCENARIO" ? values.type : null;
  return (
    <Stack gap="lg">
      <Text size="sm" c="dimmed">
        This is what a trainee sees on the item's page, with your unsaved edits. Answers, accepted answers, explanations and evidence phrases stay hidden from trainees.
      </Text>
      {problems.length > 0 && (
        <Alert color="yellow" variant="light" title={`${problems.length} ${problems.length === 1 ? "field needs" : "fields need"} attention before publishing`}>
          <List size="sm">
            {problems.slice(0, 5).map((p) => (
              <List.Item key={p.path}>
                <code>{p.path}</code>: {p.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {item ? <ItemView item={item} /> : <Text>The draft cannot be shown yet: fill in the fields above first.</Text>}
      {scenarioType && <CoachPreview type={scenarioType} title={values.title.trim() || "Untitled"} data={input.data} />}
    </Stack>
  );
}
