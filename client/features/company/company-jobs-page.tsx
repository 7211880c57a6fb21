// /company/jobs — the company's job postings, newest first: open or closed (a switch per job),
// level, applicants (a link to them), when posted; edit and delete (after a confirmation).
// Filtered by open/closed, paged with "Load more". Empty: how to post the first job.
import { useState } from "react";
import { Anchor, Badge, Button, Container, Group, SegmentedControl, Stack, Switch, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Link } from "react-router";
import type { AppRouter } from "../../../server/routers/app.ts";
import { experienceLevelLabel } from "../../../shared/schemas/jobs.ts";
import { ConfirmModal } from "../../components/confirm-modal.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { usePageTitle } from "../../lib/page-title.ts";
import { companyJobApplicantsPath, companyJobEditPath, paths } from "../../lib/paths.ts";
import { errorMessage, queryClient, trpc } from "../../lib/trpc.ts";

type Job = inferRouterOutputs<AppRouter>["company"]["jobs"]["list"]["items"][number];
type Filter = "all" | "open" | "closed";

export function CompanyJobsPage() {
  usePageTitle("Your jobs");
  const [filter, setFilter] = useState<Filter>("all");
  const input = { active: filter === "all" ? undefined : filter === "open" };
  const list = useInfiniteQuery(trpc.company.jobs.list.infiniteQueryOptions(input, { getNextPageParam: (last) => last.nextCursor ?? undefined, initialCursor: undefined }));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Container size="xl" px={0}>
      <Stack gap="lg">
        <Group justify="space-between" align="flex-end">
          <Stack gap={4}>
            <Title order={1}>Your jobs</Title>
            <Text c="dimmed">Post jobs to the HireXp job board, close them when you have enough applicants, and review who applied.</Text>
          </Stack>
          <Button component={Link} to={paths.companyJobNew}>
            Post a job
          </Button>
        </Group>
        <SegmentedControl
          aria-label="Show jobs"
          w="fit-content"
          value={filter}
          onChange={(v) => setFilter(v as Filter)}
          data={[
            { value: "all", label: "All" },
            { value: "open", label: "Open" },
            { value: "closed", label: "Closed" },
          ]}
        />
        {list.isPending ? (
          <PageLoader label="Loading your jobs…" />
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} retrying={list.isRefetching} />
        ) : items.length === 0 ? (
          filter === "all" ? (
            <EmptyState title="You have not posted a job yet." action={{ label: "Post your first job", to: paths.companyJobNew }}>
              A posting appears on the job board for trainees at once. Name the skills it needs: trainees who have them see it first, and you see how each applicant matches.
            </EmptyState>
          ) : (
            <EmptyState title={filter === "open" ? "No open jobs." : "No closed jobs."}>{filter === "open" ? "Reopen a closed job or post a new one." : "Jobs you close appear here."}</EmptyState>
          )
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" highlightOnHover aria-label="Your job postings, newest first">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Title</Table.Th>
                  <Table.Th>Level</Table.Th>
                  <Table.Th ta="right">Applicants</Table.Th>
                  <Table.Th>Posted</Table.Th>
                  <Table.Th>Open</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((job) => (
                  <JobRow key={job.id} job={job} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
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

function JobRow({ job }: { job: Job }) {
  const [confirming, setConfirming] = useState(false);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.company.jobs.list.pathKey() });
  const toggle = useMutation({
    ...trpc.company.jobs.setActive.mutationOptions(),
    onSuccess: (r) => {
      refresh();
      notifications.show({ color: "teal", title: r.isActive ? "Job reopened" : "Job closed", message: r.isActive ? `“${job.title}” is on the job board again.` : `“${job.title}” no longer takes applications.` });
    },
    onError: (error) => notifications.show({ color: "red", title: "Not changed", message: errorMessage(error) }),
  });
  const remove = useMutation({
    ...trpc.company.jobs.delete.mutationOptions(),
    onSuccess: () => {
      setConfirming(false);
      refresh();
      notifications.show({ color: "teal", title: "Job deleted", message: `“${job.title}” and its applications are gone.` });
    },
  });
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={companyJobEditPath(job.id)} fw={600}>
          {job.title}
        </Anchor>
        {job.location && (
          <Text size="xs" c="dimmed">
            {job.location}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Badge variant="light">{experienceLevelLabel(job.experienceLevel)}</Badge>
      </Table.Td>
      <Table.Td ta="right">
        <Anchor component={Link} to={companyJobApplicantsPath(job.id)} aria-label={`${job.applicants} applicant${job.applicants === 1 ? "" : "s"} for ${job.title}`}>
          {job.applicants}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <RelativeTime date={job.createdAt} size="sm" />
      </Table.Td>
      <Table.Td>
        <Switch
          checked={job.isActive}
          disabled={toggle.isPending}
          onChange={(e) => toggle.mutate({ id: job.id, isActive: e.currentTarget.checked })}
          label={<VisuallyHidden>Open for applications: {job.title}</VisuallyHidden>}
          aria-label={`Open for applications: ${job.title}`}
        />
      </Table.Td>
      <Table.Td>
        <Group gap="xs" justify="flex-end" wrap="nowrap">
          <Button size="xs" variant="default" component={Link} to={companyJobApplicantsPath(job.id)}>
            Applicants
          </Button>
          <Button size="xs" variant="default" component={Link} to={companyJobEditPath(job.id)} aria-label={`Edit ${job.title}`}>
            Edit
          </Button>
          <Button size="xs" variant="subtle" color="red" onClick={() => setConfirming(true)} aria-label={`Delete ${job.title}`}>
            Delete
          </Button>
        </Group>
        <ConfirmModal
          opened={confirming}
          onClose={() => setConfirming(false)}
          title="Delete this job?"
          confirmLabel="Delete the job"
          onConfirm={() => remove.mutate({ id: job.id })}
          loading={remove.isPending}
          error={remove.error ? errorMessage(remove.error) : null}
        >
          {`“${job.title}” leaves the job board and its ${job.applicants} application${job.applicants === 1 ? "" : "s"} are deleted with it. To stop applications but keep them, close the job instead.`}
        </ConfirmModal>
      </Table.Td>
    </Table.Tr>
  );
}
