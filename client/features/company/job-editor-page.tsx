// /company/jobs/new and /company/jobs/:jobId — the job editor: title, description,
// requirements and required skills (tag inputs), experience level, location and salary,
// checked with the same zod schema as the server (shared/schemas/jobs.ts); the server's field
// errors land next to their fields. Saving a new job opens the jobs list.
import { useEffect, useRef, useState } from "react";
import { Anchor, Button, Container, Group, Modal, Select, SimpleGrid, Stack, TagsInput, Text, TextInput, Textarea, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Link, useBlocker, useNavigate, useParams } from "react-router";
import type { AppRouter } from "../../../server/routers/app.ts";
import { EXPERIENCE_LEVELS, EXPERIENCE_LEVEL_LABELS, JOB_LIMITS, JobCreateInput, type ExperienceLevel } from "../../../shared/schemas/jobs.ts";
import { FormAlert } from "../../components/form-alert.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { applyServerFieldErrors, focusFirstError, zodValidate } from "../../lib/form.ts";
import { usePageTitle } from "../../lib/page-title.ts";
import { companyJobApplicantsPath, paths } from "../../lib/paths.ts";
import { errorMessage, queryClient, trpc } from "../../lib/trpc.ts";

type Job = inferRouterOutputs<AppRouter>["company"]["jobs"]["get"];
export type JobFormValues = {
  title: string;
  description: string;
  requirements: string[];
  requiredSkills: string[];
  experienceLevel: ExperienceLevel | "";
  location: string;
  salary: string;
};
const FIELDS = ["title", "description", "requirements", "requiredSkills", "experienceLevel", "location", "salary"] as const;
const EMPTY: JobFormValues = { title: "", description: "", requirements: [], requiredSkills: [], experienceLevel: "", location: "", salary: "" };

const toValues = (j: Job): JobFormValues => ({
  title: j.title,
  description: j.description,
  requirements: j.requirements,
  requiredSkills: j.requiredSkills,
  experienceLevel: (EXPERIENCE_LEVELS as readonly string[]).includes(j.experienceLevel) ? (j.experienceLevel as ExperienceLevel) : "",
  location: j.location ?? "",
  salary: j.salary ?? "",
});
const validate = zodValidate<JobFormValues>(JobCreateInput);

export function NewJobPage() {
  usePageTitle("Post a job");
  const navigate = useNavigate();
  const create = useMutation(trpc.company.jobs.create.mutationOptions());
  return (
    <EditorFrame title="Post a job" intro="The job appears on the job board as soon as you post it. Trainees whose skills match it see it first.">
      <JobForm
        initial={EMPTY}
        submitLabel="Post the job"
        save={async (input) => {
          const job = await create.mutateAsync(input);
          void queryClient.invalidateQueries({ queryKey: trpc.company.jobs.list.pathKey() });
          notifications.show({ color: "teal", title: "Job posted", message: `“${job.title}” is on the job board.` });
          void navigate(paths.companyJobs);
          return null;
        }}
      />
    </EditorFrame>
  );
}

export function EditJobPage() {
  const { jobId = "" } = useParams();
  const job = useQuery(trpc.company.jobs.get.queryOptions({ id: jobId }));
  const update = useMutation(trpc.company.jobs.update.mutationOptions());
  usePageTitle(job.data ? `Edit ${job.data.title}` : "Edit job");
  if (job.isPending) return <PageLoader label="Loading the job…" />;
  if (job.isError) return <QueryError error={job.error} onRetry={() => void job.refetch()} />;
  return (
    <EditorFrame
      title={`Edit “${job.data.title}”`}
      intro={
        <>
          {job.data.isActive ? "Open for applications." : "Closed: it is not on the job board."}{" "}
          <Anchor component={Link} to={companyJobApplicantsPath(job.data.id)}>
            {job.data.applicants} applicant{job.data.applicants === 1 ? "" : "s"}
          </Anchor>
          .
        </>
      }
    >
      <JobForm
        initial={toValues(job.data)}
        submitLabel="Save changes"
        save={async (input) => {
          const saved = await update.mutateAsync({ id: job.data.id, ...input });
          queryClient.setQueryData(trpc.company.jobs.get.queryKey({ id: saved.id }), saved);
          void queryClient.invalidateQueries({ queryKey: trpc.company.jobs.list.pathKey() });
          notifications.show({ color: "teal", title: "Job saved", message: "Your changes are on the job board." });
          return toValues(saved);
        }}
      />
    </EditorFrame>
  );
}

function EditorFrame({ title, intro, children }: { title: string; intro: React.ReactNode; children: React.ReactNode }) {
  return (
    <Container size={760} px={0}>
      <Stack gap="lg">
        <Anchor component={Link} to={paths.companyJobs} size="sm">
          ← Your jobs
        </Anchor>
        <Stack gap={4}>
          <Title order={1}>{title}</Title>
          <Text c="dimmed">{intro}</Text>
        </Stack>
        {children}
      </Stack>
    </Container>
  );
}

type SaveInput = { title: string; description: string; requirements: string[]; requiredSkills: string[]; experienceLevel: ExperienceLevel; location: string | null; salary: string | null };

/** The form itself (also rendered by the component test). `save` returns the values to reset to, or null when it navigated away. */
export function JobForm({ initial, submitLabel, save }: { initial: JobFormValues; submitLabel: string; save: (input: SaveInput) => Promise<JobFormValues | null> }) {
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const form = useForm<JobFormValues>({ initialValues: initial, validate });
  // Unsaved edits are not lost silently: leaving the page in the app asks, closing the tab
  // warns. A save that opens another page (posting a job) is not a loss.
  const dirty = form.isDirty();
  const guard = useRef({ dirty, saving: false });
  guard.current.dirty = dirty;
  const blocker = useBlocker(({ currentLocation, nextLocation }) => guard.current.dirty && !guard.current.saving && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);
  const submit = form.onSubmit(
    async (values) => {
      setFailure(null);
      setSaving(true);
      guard.current.saving = true;
      try {
        const next = await save({
          title: values.title,
          description: values.description,
          requirements: values.requirements,
          requiredSkills: values.requiredSkills,
          experienceLevel: values.experienceLevel as ExperienceLevel,
          location: values.location.trim() || null,
          salary: values.salary.trim() || null,
        });
        if (next) {
          form.setValues(next);
          form.resetDirty(next);
        }
      } catch (error) {
        if (!applyServerFieldErrors(form, error, FIELDS)) setFailure(errorMessage(error));
      } finally {
        guard.current.saving = false;
        setSaving(false);
      }
    },
    (errors) => focusFirstError(form, errors, FIELDS),
  );
  return (
    <form onSubmit={submit} noValidate aria-label="Job posting">
      <Stack gap="md">
        <TextInput label="Title" withAsterisk maxLength={JOB_LIMITS.title} placeholder="e.g. Customer support specialist" {...form.getInputProps("title")} />
        <Textarea
          label="Description"
          withAsterisk
          description="What the job is, the team, how you work. At least 20 characters."
          autosize
          minRows={6}
          maxRows={20}
          maxLength={JOB_LIMITS.description}
          {...form.getInputProps("description")}
        />
        <TagsInput
          label="Requirements"
          description="Press Enter after each one (e.g. Two years in a support role)."
          maxTags={JOB_LIMITS.requirements}
          {...form.getInputProps("requirements")}
        />
        <TagsInput
          label="Required skills"
          description="Press Enter after each one (e.g. English, Negotiation). Applicants are matched on these."
          maxTags={JOB_LIMITS.requiredSkills}
          {...form.getInputProps("requiredSkills")}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label="Experience level"
            withAsterisk
            placeholder="Choose a level"
            data={EXPERIENCE_LEVELS.map((l) => ({ value: l, label: EXPERIENCE_LEVEL_LABELS[l] }))}
            comboboxProps={{ withinPortal: false }}
            {...form.getInputProps("experienceLevel")}
          />
          <TextInput label="Location" placeholder="e.g. Lisbon, remote" maxLength={JOB_LIMITS.location} {...form.getInputProps("location")} />
          <TextInput label="Salary" placeholder="e.g. €30k–€36k" maxLength={JOB_LIMITS.salary} {...form.getInputProps("salary")} />
        </SimpleGrid>
        {failure && <FormAlert title="The job was not saved">{failure}</FormAlert>}
        <Group>
          <Button type="submit" loading={saving}>
            {submitLabel}
          </Button>
          <Button variant="default" component={Link} to={paths.companyJobs}>
            Cancel
          </Button>
        </Group>
      </Stack>
      <Modal opened={blocker.state === "blocked"} onClose={() => blocker.reset?.()} title="Leave without saving?" centered>
        <Stack gap="md">
          <Text size="sm">Your changes to this job are not saved. If you leave now, they are lost.</Text>
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
    </form>
  );
}
