// /jobs/:jobId — one job: company, level, location, salary, description, requirements and the
// required skills (a trainee's own marked). A trainee applies here with an optional message,
// after being told plainly that the company will see their email address and phone number;
// afterwards the page says "Applied on …".
import { useState } from "react";
import { Alert, Anchor, Avatar, Badge, Button, Card, Container, Group, List, Stack, Text, Textarea, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Link, useParams } from "react-router";
import type { AppRouter } from "../../../server/routers/app.ts";
import { JOB_LIMITS, experienceLevelLabel } from "../../../shared/schemas/jobs.ts";
import { FormAlert } from "../../components/form-alert.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths } from "../../lib/paths.ts";
import { appCodeOf, errorMessage, queryClient, trpc } from "../../lib/trpc.ts";

type Job = inferRouterOutputs<AppRouter>["jobs"]["get"];

export function JobPage() {
  const { jobId = "" } = useParams();
  const job = useQuery(trpc.jobs.get.queryOptions({ id: jobId }));
  usePageTitle(job.data ? job.data.title : "Job");
  if (job.isPending) return <PageLoader label="Loading the job…" />;
  if (job.isError)
    return (
      <Container size={760} px={0}>
        <Stack gap="md">
          <QueryError error={job.error} onRetry={() => void job.refetch()} title="This job is not available" />
          <Anchor component={Link} to={paths.jobs}>
            Back to the jobs
          </Anchor>
        </Stack>
      </Container>
    );
  const j = job.data;
  const mine = new Set(j.matchedSkills.map((s) => s.toLowerCase()));
  return (
    <Container size={760} px={0}>
      <Stack gap="lg">
        <Anchor component={Link} to={paths.jobs} size="sm">
          ← All jobs
        </Anchor>
        <Group gap="md" align="flex-start" wrap="nowrap">
          <Avatar src={j.company.logo} alt="" radius="sm" size="lg" name={j.company.name} color="cyan" />
          <Stack gap={2}>
            <Title order={1}>{j.title}</Title>
            <Text>
              {j.company.name}
              {j.company.industry ? ` · ${j.company.industry}` : ""}
              {j.company.website && (
                <>
                  {" · "}
                  <Anchor href={j.company.website} target="_blank" rel="noopener noreferrer">
                    Website
                  </Anchor>
                </>
              )}
            </Text>
            <Text size="sm" c="dimmed">
              {[experienceLevelLabel(j.experienceLevel), j.location, j.salary].filter(Boolean).join(" · ")} · posted {formatDateTime(j.postedAt)}
            </Text>
          </Stack>
        </Group>

        <Stack gap="xs">
          <Title order={2} size="h4">
            About the job
          </Title>
          <Text style={{ whiteSpace: "pre-wrap" }}>{j.description}</Text>
        </Stack>
        {j.requirements.length > 0 && (
          <Stack gap="xs">
            <Title order={2} size="h4">
              Requirements
            </Title>
            <List>
              {j.requirements.map((r) => (
                <List.Item key={r}>{r}</List.Item>
              ))}
            </List>
          </Stack>
        )}
        {j.requiredSkills.length > 0 && (
          <Stack gap="xs">
            <Title order={2} size="h4">
              Required skills
            </Title>
            <Group gap={6}>
              {j.requiredSkills.map((s) => (
                <Badge key={s} variant={mine.has(s.toLowerCase()) ? "filled" : "outline"} color={mine.has(s.toLowerCase()) ? "teal" : "gray"}>
                  {s}
                  {mine.has(s.toLowerCase()) ? " ✓" : ""}
                </Badge>
              ))}
            </Group>
            {j.canApply && (
              <Text size="sm" c="dimmed">
                {j.matchedSkills.length > 0 ? `You have ${j.matchedSkills.length} of the ${j.requiredSkills.length} required skills (from your profile).` : "None of the skills on your profile is among the required ones."}
              </Text>
            )}
          </Stack>
        )}
        {j.canApply && <ApplySection job={j} />}
      </Stack>
    </Container>
  );
}

function ApplySection({ job }: { job: Job }) {
  const [message, setMessage] = useState("");
  const [failure, setFailure] = useState<string | null>(null);
  const me = useQuery(trpc.profile.get.queryOptions());
  const apply = useMutation({
    ...trpc.jobs.applyTo.mutationOptions(),
    onSuccess: (r) => {
      queryClient.setQueryData(trpc.jobs.get.queryKey({ id: job.id }), (old) => (old ? { ...old, appliedAt: r.appliedAt } : old));
      void queryClient.invalidateQueries({ queryKey: trpc.jobs.search.pathKey() });
      notifications.show({ color: "teal", title: "Application sent", message: `${job.company.name} has your application.` });
    },
    onError: (error) => {
      setFailure(errorMessage(error));
      if (appCodeOf(error) === "ALREADY_APPLIED" || appCodeOf(error) === "JOB_CLOSED") void queryClient.invalidateQueries({ queryKey: trpc.jobs.get.queryKey({ id: job.id }) });
    },
  });
  if (job.appliedAt) {
    return (
      <Alert color="teal" variant="light" title="You applied" role="status">
        Applied on {formatDateTime(job.appliedAt)}. {job.company.name} has your message and your contact details, and will reach out to you directly.
      </Alert>
    );
  }
  const tooLong = message.trim().length > JOB_LIMITS.message;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="apply-heading">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (tooLong) return;
          setFailure(null);
          apply.mutate({ jobId: job.id, message: message.trim() || undefined });
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="apply-heading">
            Apply
          </Title>
          <Textarea
            label="Message to the company (optional)"
            description={`Why this job, and what you bring. At most ${JOB_LIMITS.message} characters.`}
            autosize
            minRows={3}
            maxRows={10}
            value={message}
            onChange={(e) => setMessage(e.currentTarget.value)}
            error={tooLong ? `A message has at most ${JOB_LIMITS.message} characters` : undefined}
          />
          <Alert color="blue" variant="light" title="What the company will see" data-testid="contact-consent">
            <Text size="sm">
              By applying you share your contact details with {job.company.name}:{" "}
              {me.data ? (
                <>
                  your email address <strong>{me.data.email}</strong> and{" "}
                  {me.data.phone ? (
                    <>
                      your phone number <strong>{me.data.phone}</strong>
                    </>
                  ) : (
                    "your phone number (none is on your profile now)"
                  )}
                </>
              ) : (
                "your email address and your phone number"
              )}
              , together with your name, profile, skills and message. Only this company sees them, for this application.
            </Text>
          </Alert>
          {failure && <FormAlert title="Your application was not sent">{failure}</FormAlert>}
          <Group>
            <Button type="submit" loading={apply.isPending}>
              Apply and share my contact details
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
