// /studio/new/:type and /studio/:id — the editor of one item, built from the zod schema's
// structure. The same schema checks the form as the instructor types; on save the server's
// fieldErrors land on the same fields. Saving is explicit (the button or Ctrl/Cmd+S); leaving
// with unsaved edits asks first (in-app navigation and closing the tab). The "Preview as a
// trainee" tab shows the draft with the trainee's own components. One item can be exported to
// and imported from a JSON file.
import { useEffect, useRef, useState } from "react";
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Container,
  FileButton,
  Group,
  List,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm, type FormErrors } from "@mantine/form";
import { useHotkeys } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Link, useBlocker, useNavigate, useParams } from "react-router";
import type { AppRouter } from "../../../server/routers/app.ts";
import { CATEGORIES, ContentInput, DIFFICULTIES } from "../../../shared/schemas/content.ts";
import { FormAlert } from "../../components/form-alert.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths, studioEditPath, studioStatsPath } from "../../lib/paths.ts";
import { appCodeOf, errorMessage, fieldErrorsOf, queryClient, trpc } from "../../lib/trpc.ts";
import { CATEGORY_LABELS, DIFFICULTY_LABELS, TYPE_LABELS } from "../practice/content-text.ts";
import { AssessmentEditor } from "./assessment-editor.tsx";
import { blankValues, editorValues, toContentInput, validateEditor, type EditorForm, type EditorValues, type Problem } from "./content-form.ts";
import { typeOfSlug } from "./type-slug.ts";
import { ExerciseEditor } from "./exercise-editor.tsx";
import { downloadItem, parseImport, readFileText } from "./import-export.ts";
import { LessonEditor } from "./lesson-editor.tsx";
import { PublishNotice, usePublishRight } from "./publish-notice.tsx";
import { ScenarioEditor } from "./scenario-editor.tsx";
import { TraineePreview } from "./trainee-preview.tsx";

type Stored = inferRouterOutputs<AppRouter>["content"]["get"];
type Meta = { id: string; isPublished: boolean; hasUnpublishedChanges: boolean; fromLibrary: boolean };

const INLINE = { withinPortal: false } as const;

export function StudioNewPage() {
  const { type: slug = "" } = useParams();
  const type = typeOfSlug(slug);
  usePageTitle(type ? `New ${TYPE_LABELS[type].toLowerCase()}` : "Studio");
  if (!type) {
    return (
      <Container size="md" px={0}>
        <Stack>
          <Title order={1}>There is no such content type</Title>
          <Text>
            Go back to the{" "}
            <Anchor component={Link} to={paths.studio}>
              studio
            </Anchor>{" "}
            and pick one from “New”.
          </Text>
        </Stack>
      </Container>
    );
  }
  return <Editor key={type} initial={blankValues(type)} meta={null} />;
}

export function StudioEditPage() {
  const { id = "" } = useParams();
  // The editor takes the item once; a later visit loads it afresh (no cached copy of an older draft).
  const item = useQuery({ ...trpc.content.get.queryOptions({ id }), retry: false, staleTime: Infinity, refetchOnWindowFocus: false });
  useEffect(() => () => queryClient.removeQueries({ queryKey: trpc.content.get.queryKey({ id }) }), [id]);
  usePageTitle(item.data?.title ?? "Studio");
  if (item.isPending) return <PageLoader label="Opening the item…" />;
  if (item.isError) {
    return (
      <Container size="md" px={0}>
        <Stack>
          <Anchor component={Link} to={paths.studio} size="sm">
            ← Studio
          </Anchor>
          <Title order={1}>This item cannot be opened</Title>
          <QueryError error={item.error} title="We could not open it" onRetry={() => void item.refetch()} retrying={item.isFetching} />
        </Stack>
      </Container>
    );
  }
  return <Editor key={item.data.id} initial={editorValues(item.data)} meta={metaOf(item.data)} />;
}

const metaOf = (s: Stored): Meta => ({ id: s.id, isPublished: s.isPublished, hasUnpublishedChanges: s.hasUnpublishedChanges, fromLibrary: s.fromLibrary });

/** Moves focus to the first input (in page order) that has an error at or below its path. */
function focusFirstInvalid(errors: FormErrors): boolean {
  const keys = Object.keys(errors).filter((k) => errors[k]);
  const node = Array.from(document.querySelectorAll<HTMLElement>("[data-path]")).find((n) => {
    const p = n.dataset.path ?? "";
    return keys.some((k) => k === p || k.startsWith(`${p}.`));
  });
  if (!node) return false;
  setTimeout(() => node.focus(), 0);
  return true;
}

function Editor({ initial, meta: initialMeta }: { initial: EditorValues; meta: Meta | null }) {
  const navigate = useNavigate();
  const form: EditorForm = useForm<EditorValues>({ mode: "controlled", initialValues: initial, validate: validateEditor, validateInputOnChange: true });
  const [meta, setMeta] = useState(initialMeta);
  const [tab, setTab] = useState<string | null>("edit");
  const [saveError, setSaveError] = useState<string | null>(null);
  const [importProblems, setImportProblems] = useState<Problem[] | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const right = usePublishRight();
  const values = form.values;
  const dirty = form.isDirty();
  const type = values.type;
  const typeLabel = TYPE_LABELS[type];

  // Unsaved edits are not lost silently: in-app navigation asks, closing the tab warns.
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirtyRef.current && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const create = useMutation(trpc.content.create.mutationOptions());
  const update = useMutation(trpc.content.update.mutationOptions());
  const publishM = useMutation(trpc.content.publish.mutationOptions());
  const unpublishM = useMutation(trpc.content.unpublish.mutationOptions());
  const saving = create.isPending || update.isPending;

  const refreshLists = () => void queryClient.invalidateQueries({ queryKey: trpc.content.mine.pathKey() });

  /** Puts the server's field errors on the fields; true when some field got one. */
  const showServerErrors = (error: unknown): boolean => {
    const fe = fieldErrorsOf(error);
    const deeper = Object.keys(fe).filter((k) => k.includes("."));
    // "data" repeats the deeper messages for forms that only know the top-level field.
    const errors = Object.fromEntries(Object.entries(fe).filter(([k]) => !(k === "data" && deeper.length > 0)));
    if (Object.keys(errors).length === 0) return false;
    form.setErrors(errors);
    setTab("edit");
    focusFirstInvalid(errors);
    return true;
  };

  /** Saves the draft; true when it was saved. */
  const save = async (): Promise<boolean> => {
    if (saving) return false;
    setSaveError(null);
    const check = form.validate();
    if (check.hasErrors) {
      setTab("edit");
      const n = Object.keys(check.errors).length;
      setSaveError(`${n} ${n === 1 ? "field needs" : "fields need"} your attention before this can be saved.`);
      focusFirstInvalid(check.errors);
      return false;
    }
    const parsed = ContentInput.safeParse(toContentInput(form.getValues()));
    if (!parsed.success) return false;
    const input = parsed.data;
    try {
      if (!meta) {
        const { id } = await create.mutateAsync(input);
        dirtyRef.current = false;
        form.resetDirty();
        refreshLists();
        notifications.show({ color: "teal", title: "Draft saved", message: `“${input.title}” is saved as a draft.` });
        navigate(studioEditPath(id), { replace: true });
        return true;
      }
      const r = await update.mutateAsync({ id: meta.id, title: input.title, description: input.description ?? "", category: input.category, difficulty: input.difficulty, data: input.data });
      form.resetDirty();
      setMeta({ ...meta, hasUnpublishedChanges: r.hasUnpublishedChanges });
      setSavedAt(new Date());
      refreshLists();
      return true;
    } catch (error) {
      const atFields = showServerErrors(error);
      setSaveError(atFields ? "Some fields need your attention: see the messages next to them." : errorMessage(error));
      return false;
    }
  };

  useHotkeys([["mod+S", () => void save(), { preventDefault: true }]], [], true);

  const publish = async () => {
    if (!meta) return;
    setActionError(null);
    if (form.isDirty() && !(await save())) return;
    try {
      await publishM.mutateAsync({ id: meta.id });
      setRefusal(null);
      setMeta({ ...meta, isPublished: true, hasUnpublishedChanges: false });
      refreshLists();
      notifications.show({ color: "teal", title: "Published", message: "Trainees find it in the practice catalogue now." });
    } catch (error) {
      if (appCodeOf(error) === "INSTRUCTOR_NOT_VERIFIED") setRefusal(errorMessage(error));
      else if (!showServerErrors(error)) setActionError(errorMessage(error));
      else setActionError("It cannot be published yet: see the messages next to the fields.");
    }
  };

  const unpublish = async () => {
    if (!meta) return;
    setActionError(null);
    try {
      await unpublishM.mutateAsync({ id: meta.id });
      setMeta({ ...meta, isPublished: false });
      refreshLists();
      notifications.show({ color: "teal", title: "Unpublished", message: "Trainees no longer see it in the catalogue." });
    } catch (error) {
      setActionError(errorMessage(error));
    }
  };

  const onImport = async (file: File | null) => {
    if (!file) return;
    setImportProblems(null);
    const result = parseImport(await readFileText(file));
    if (!result.ok) {
      setImportProblems(result.problems);
      return;
    }
    if (meta && result.item.type !== type) {
      setImportProblems([{ path: "type", message: `The file holds a ${TYPE_LABELS[result.item.type].toLowerCase()}; this item is a ${typeLabel.toLowerCase()}. Import it into a new item of that type.` }]);
      return;
    }
    form.setValues(editorValues(result.item));
    form.clearErrors();
    notifications.show({ color: "teal", title: "Imported", message: "The file filled the editor. Nothing is saved until you save." });
  };

  const status = !meta ? "Not saved yet" : saving ? "Saving…" : dirty ? "Unsaved changes" : savedAt ? `All changes saved at ${savedAt.toLocaleTimeString()}` : "All changes saved";

  return (
    <Container size="lg" px={0}>
      <Stack gap="lg">
        <Anchor component={Link} to={paths.studio} size="sm">
          ← Studio
        </Anchor>
        <Stack gap={6}>
          <Group gap={6}>
            <Badge variant="light" color="gray">
              {typeLabel}
            </Badge>
            <StatusBadge meta={meta} />
          </Group>
          <Title order={1}>{meta ? values.title || "Untitled" : `New ${typeLabel.toLowerCase()}`}</Title>
        </Stack>

        <Group gap="sm" wrap="wrap">
          <Button onClick={() => void save()} loading={saving} aria-keyshortcuts="Control+S Meta+S">
            {meta ? "Save" : "Save draft"}
          </Button>
          {meta && !meta.isPublished && (
            <Button variant="light" color="teal" onClick={() => void publish()} loading={publishM.isPending}>
              Publish
            </Button>
          )}
          {meta?.isPublished && meta.hasUnpublishedChanges && (
            <Button variant="light" color="teal" onClick={() => void publish()} loading={publishM.isPending}>
              Publish changes
            </Button>
          )}
          {meta?.isPublished && dirty && !meta.hasUnpublishedChanges && (
            <Button variant="light" color="teal" onClick={() => void publish()} loading={publishM.isPending}>
              Save and publish
            </Button>
          )}
          {meta?.isPublished && (
            <Button variant="default" onClick={() => void unpublish()} loading={unpublishM.isPending}>
              Unpublish
            </Button>
          )}
          <Button variant="default" onClick={() => downloadItem(form.getValues())}>
            Export JSON
          </Button>
          <FileButton onChange={(f) => void onImport(f)} accept="application/json,.json">
            {(props) => (
              <Button variant="default" {...props}>
                Import JSON
              </Button>
            )}
          </FileButton>
          {meta && (
            <Button variant="subtle" component={Link} to={studioStatsPath(meta.id)}>
              Statistics
            </Button>
          )}
          <Text size="sm" c="dimmed" role="status" aria-live="polite">
            {status}
          </Text>
        </Group>
        {!meta && (
          <Text size="sm" c="dimmed">
            Save the draft first; then you can publish it. Ctrl+S (⌘S on a Mac) saves too.
          </Text>
        )}

        <PublishNotice right={right} refusal={refusal} />
        {saveError && <FormAlert title="Not saved">{saveError}</FormAlert>}
        {actionError && <FormAlert title="That did not work">{actionError}</FormAlert>}
        {importProblems && (
          <Alert color="red" variant="light" role="alert" title="This file cannot be imported" withCloseButton closeButtonLabel="Dismiss" onClose={() => setImportProblems(null)}>
            <Text size="sm" mb={4}>
              What is wrong:
            </Text>
            <List size="sm" aria-label="Problems in the imported file">
              {importProblems.map((p, i) => (
                <List.Item key={i}>
                  <code>{p.path}</code>: {p.message}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}

        <Tabs value={tab} onChange={setTab} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="edit">Edit</Tabs.Tab>
            <Tabs.Tab value="preview">Preview as a trainee</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="edit" pt="lg">
            <Stack gap="lg">
              <CommonFields form={form} />
              {type === "CHAT_SCENARIO" || type === "CALL_SCENARIO" ? (
                <ScenarioEditor form={form} call={type === "CALL_SCENARIO"} />
              ) : type === "ASSESSMENT" ? (
                <AssessmentEditor form={form} />
              ) : type === "LESSON" ? (
                <LessonEditor form={form} />
              ) : (
                <ExerciseEditor form={form} />
              )}
              <Group>
                <Button onClick={() => void save()} loading={saving}>
                  {meta ? "Save" : "Save draft"}
                </Button>
              </Group>
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="preview" pt="lg">
            <TraineePreview values={values} id={meta?.id ?? null} />
          </Tabs.Panel>
        </Tabs>
      </Stack>

      <Modal opened={blocker.state === "blocked"} onClose={() => blocker.reset?.()} title="Leave without saving?" centered>
        <Stack gap="md">
          <Text size="sm">Your changes to this item are not saved. If you leave now, they are lost.</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => blocker.reset?.()} data-autofocus>
              Stay and keep editing
            </Button>
            <Button color="red" onClick={() => blocker.proceed?.()}>
              Leave without saving
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Container>
  );
}

function StatusBadge({ meta }: { meta: Meta | null }) {
  if (!meta || !meta.isPublished)
    return (
      <Badge variant="light" color="yellow">
        Draft
      </Badge>
    );
  return meta.hasUnpublishedChanges ? (
    <Badge variant="light" color="orange">
      Published · changes pending
    </Badge>
  ) : (
    <Badge variant="light" color="teal">
      Published
    </Badge>
  );
}

function CommonFields({ form }: { form: EditorForm }) {
  return (
    <Stack gap="sm">
      <TextInput label="Title" required {...form.getInputProps("title")} />
      <Textarea label="Description" description="Shown in the catalogue (optional, up to 2000 characters)" autosize minRows={2} {...form.getInputProps("description")} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select label="Category" allowDeselect={false} comboboxProps={INLINE} data={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }))} {...form.getInputProps("category")} />
        <Select label="Difficulty" allowDeselect={false} comboboxProps={INLINE} data={DIFFICULTIES.map((d) => ({ value: d, label: DIFFICULTY_LABELS[d] }))} {...form.getInputProps("difficulty")} />
      </SimpleGrid>
    </Stack>
  );
}
