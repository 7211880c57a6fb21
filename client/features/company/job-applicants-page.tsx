// /company/jobs/:jobId/applicants — who applied to one of the company's jobs, newest first: a
// card per applicant with headline, location, skills (the job's required ones marked), the
// match score, their message and the contact details they shared by applying.
import { Anchor, Avatar, Badge, Button, Card, Container, Group, Progress, Stack, Text, Title } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Link, useParams } from "react-router";
import type { AppRouter } from "../../../server/routers/app.ts";
import { EmptyState } from "../../components/empty-state.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { usePageTitle } from "../../lib/page-title.ts";
import { companyJobEditPath, paths } from "../../lib/paths.ts";
import { trpc } from "../../lib/trpc.ts";

type Page = inferRouterOutputs<AppRouter>["company"]["jobs"]["applicants"];
type Applicant = Page["items"][number];

export function JobApplicantsPage() {
  const { jobId = "" } = useParams();
  const list = useInfiniteQuery(trpc.company.jobs.applicants.infiniteQueryOptions({ jobId }, { getNextPageParam: (last) => last.nextCursor ?? undefined, initialCursor: undefined }));
  const job = list.data?.pages[0]?.job;
  usePageTitle(job ? `Applicants: ${job.title}` : "Applicants");
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  if (list.isPending) return <PageLoader label="Loading the applicants…" />;
  if (list.isError) return <QueryError error={list.error} onRetry={() => void list.refetch()} retrying={list.isRefetching} />;
  return (
    <Container size="lg" px={0}>
      <Stack gap="lg">
        <Anchor component={Link} to={paths.companyJobs} size="sm">
          ← Your jobs
        </Anchor>
        <Stack gap={4}>
          <Title order={1}>Applicants: {job!.title}</Title>
          <Text c="dimmed">
            {job!.applicants} application{job!.applicants === 1 ? "" : "s"}
            {job!.isActive ? "; the job is open." : "; the job is closed."} Each applicant shared their contact details with your company by applying.{" "}
            <Anchor component={Link} to={companyJobEditPath(job!.id)}>
              Edit the job
            </Anchor>
          </Text>
        </Stack>
        {items.length === 0 ? (
          <EmptyState title="No one has applied yet.">
            {job!.isActive ? "Applications appear here as they come in, and you get a mail for each." : "This job is closed. Reopen it on your jobs list to take applications."}
          </EmptyState>
        ) : (
          <Stack gap="md" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
            {items.map((a) => (
              <li key={a.applicationId}>
                <ApplicantCard a={a} />
              </li>
            ))}
          </Stack>
        )}
        {list.hasNextPage && (
          <Group justify="center">
            <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              Load more
            </Button>
          </Group>
        )}
      </Stack>
    </Container>
  );
}

function ApplicantCard({ a }: { a: Applicant }) {
  const headingId = `applicant-${a.applicationId}`;
  const matched = new Set(a.match.matched.map((s) => s.toLowerCase()));
  return (
    <Card withBorder padding="lg" component="article" aria-labelledby={headingId} data-testid="applicant-card">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <Avatar src={a.avatar} alt="" radius="xl" name={a.name} color="initials" />
            <Stack gap={0}>
              <Title order={2} size="h4" id={headingId}>
                {a.name}
              </Title>
              {a.headline && <Text size="sm">{a.headline}</Text>}
              <Text size="xs" c="dimmed">
                {[a.location, `applied ${formatDateTime(a.appliedAt)}`].filter(Boolean).join(" · ")}
              </Text>
            </Stack>
          </Group>
          {a.match.score !== null && (
            <Stack gap={4} align="flex-end" miw={140}>
              <Text size="sm" fw={600}>
                {a.match.score}% skills match
              </Text>
              <Progress value={a.match.score} w={140} aria-label={`Skills match ${a.match.score}%`} color={a.match.score >= 75 ? "teal" : a.match.score >= 40 ? "yellow" : "gray"} />
            </Stack>
          )}
        </Group>
        {a.match.score !== null && (
          <Text size="sm">
            {a.match.matched.length > 0 ? `Has ${a.match.matched.join(", ")}` : "Has none of the required skills"}
            {a.match.missing.length > 0 ? `; missing ${a.match.missing.join(", ")}.` : "."}
          </Text>
        )}
        {a.skills.length > 0 && (
          <Group gap={6} aria-label="Skills">
            {a.skills.map((s) => (
              <Badge key={s} variant={matched.has(s.trim().toLowerCase()) ? "filled" : "light"} color={matched.has(s.trim().toLowerCase()) ? "teal" : "gray"}>
                {s}
              </Badge>
            ))}
          </Group>
        )}
        {a.message && (
          <Card bg="var(--mantine-color-default-hover)" padding="sm" radius="sm">
            <Text size="xs" c="dimmed" mb={4}>
              Their message
            </Text>
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {a.message}
            </Text>
          </Card>
        )}
        <Group gap="lg">
          <Text size="sm">
            Email: <Anchor href={`mailto:${a.contact.email}`}>{a.contact.email}</Anchor>
          </Text>
          <Text size="sm">Phone: {a.contact.phone ? <Anchor href={`tel:${a.contact.phone.replace(/\s+/g, "")}`}>{a.contact.phone}</Anchor> : <Text span c="dimmed">not given</Text>}</Text>
        </Group>
      </Stack>
    </Card>
  );
}
