// /jobs — the job board: open jobs of verified companies, for any signed-in person; a trainee
// sees the jobs that ask for more of their skills first ("Matches N of your skills"), and
// which ones they applied to. Search, skills, location and level filters; "Load more".
import { useEffect, useState } from "react";
import { Anchor, Avatar, Badge, Button, Card, Container, Group, Select, Stack, TagsInput, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Link } from "react-router";
import type { AppRouter } from "../../../server/routers/app.ts";
import { EXPERIENCE_LEVELS, EXPERIENCE_LEVEL_LABELS, experienceLevelLabel, type ExperienceLevel } from "../../../shared/schemas/jobs.ts";
import { oneOf, useUrlParams } from "../admin/url-state.ts";
import { EmptyState } from "../../components/empty-state.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { usePageTitle } from "../../lib/page-title.ts";
import { jobPath, paths } from "../../lib/paths.ts";
import { trpc } from "../../lib/trpc.ts";

type Job = inferRouterOutputs<AppRouter>["jobs"]["search"]["items"][number];

const FILTER_KEYS = ["q", "skills", "location", "level"] as const;

export function JobBoardPage() {
  usePageTitle("Jobs");
  // The filters live in the URL (?q=&skills=a,b&location=&level=), so a search can be shared,
  // bookmarked and survives opening a job and coming back. Text fields are typed locally and
  // written to the URL once the typing pauses.
  const url = useUrlParams(FILTER_KEYS);
  const [q, setQ] = useState(url.values.q);
  const [location, setLocation] = useState(url.values.location);
  const skills = url.values.skills ? url.values.skills.split(",").filter(Boolean) : [];
  const level = oneOf(url.values.level, EXPERIENCE_LEVELS) ?? null;
  const [debouncedQ] = useDebouncedValue(q.trim(), 350);
  const [debouncedLocation] = useDebouncedValue(location.trim(), 350);
  const { set: setUrl } = url;
  useEffect(() => {
    setUrl({ q: debouncedQ, location: debouncedLocation });
  }, [debouncedQ, debouncedLocation, setUrl]);
  const setSkills = (next: string[]) => url.set({ skills: next.map((s) => s.replace(/,/g, " ").trim()).filter(Boolean).join(",") });
  const setLevel = (next: ExperienceLevel | null) => url.set({ level: next ?? "" });
  const input = {
    q: url.values.q.trim() || undefined,
    location: url.values.location.trim() || undefined,
    skills: skills.length > 0 ? skills : undefined,
    experienceLevel: level ?? undefined,
  };
  const filtered = Boolean(input.q || input.location || input.skills || input.experienceLevel);
  const list = useInfiniteQuery(trpc.jobs.search.infiniteQueryOptions(input, { getNextPageParam: (last) => last.nextCursor ?? undefined, initialCursor: undefined }));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const ranked = list.data?.pages[0]?.rankedBySkills ?? false;

  return (
    <Container size="lg" px={0}>
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1}>Jobs</Title>
          <Text c="dimmed">
            Open positions at verified companies.{ranked ? " Jobs that ask for the skills on your profile come first." : ""}
          </Text>
        </Stack>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput label="Search" placeholder="Title, company, description" value={q} onChange={(e) => setQ(e.currentTarget.value)} w={{ base: "100%", sm: 240 }} />
          <TagsInput label="Skills" placeholder="Type a skill, press Enter" value={skills} onChange={setSkills} maxTags={10} w={{ base: "100%", sm: 240 }} />
          <TextInput label="Location" placeholder="e.g. Lisbon, remote" value={location} onChange={(e) => setLocation(e.currentTarget.value)} w={{ base: "100%", sm: 180 }} />
          <Select
            label="Experience level"
            placeholder="Any level"
            clearable
            comboboxProps={{ withinPortal: false }}
            data={EXPERIENCE_LEVELS.map((l) => ({ value: l, label: EXPERIENCE_LEVEL_LABELS[l] }))}
            value={level}
            onChange={(v) => setLevel((v as ExperienceLevel | null) ?? null)}
            w={{ base: "100%", sm: 170 }}
          />
          {filtered && (
            <Button
              variant="subtle"
              onClick={() => {
                setQ("");
                setLocation("");
                url.clear();
              }}
            >
              Clear filters
            </Button>
          )}
        </Group>
        {list.isPending ? (
          <PageLoader label="Loading jobs…" />
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} retrying={list.isRefetching} />
        ) : items.length === 0 ? (
          filtered ? (
            <EmptyState title="No job matches these filters.">Try fewer skills, another level or location, or clear the search.</EmptyState>
          ) : (
            <EmptyState title="No open jobs right now." action={{ label: "Practise meanwhile", to: paths.practice }}>
              Companies post jobs here once they are verified. Keep your skills up to date on your profile: matching jobs will come first.
            </EmptyState>
          )
        ) : (
          <Stack gap="md" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }} aria-label="Jobs">
            {items.map((job) => (
              <li key={job.id}>
                <JobCard job={job} />
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

function JobCard({ job }: { job: Job }) {
  const headingId = `job-${job.id}`;
  return (
    <Card withBorder padding="lg" component="article" aria-labelledby={headingId} data-testid="job-card">
      {/* The badges go under the title when the two do not fit side by side (a phone): beside
          it, "Matches 2 of your skills" was cut to "MATCHES …". */}
      <Group justify="space-between" align="flex-start" gap="xs">
        <Group gap="sm" align="flex-start" wrap="nowrap">
          <Avatar src={job.company.logo} alt="" radius="sm" name={job.company.name} color="cyan" />
          <Stack gap={2}>
            <Title order={2} size="h4" id={headingId}>
              <Anchor component={Link} to={jobPath(job.id)} inherit>
                {job.title}
              </Anchor>
            </Title>
            <Text size="sm">
              {job.company.name}
              {job.company.industry ? ` · ${job.company.industry}` : ""}
            </Text>
            <Text size="xs" c="dimmed">
              {[experienceLevelLabel(job.experienceLevel), job.location, job.salary].filter(Boolean).join(" · ")} · posted <RelativeTime date={job.postedAt} size="xs" />
            </Text>
          </Stack>
        </Group>
        <Stack gap={4} align="flex-end">
          {job.matchingSkills > 0 && (
            <Badge color="teal" variant="light">
              Matches {job.matchingSkills} of your skills
            </Badge>
          )}
          {job.appliedAt && (
            <Badge color="blue" variant="light" title={formatDateTime(job.appliedAt)}>
              Applied
            </Badge>
          )}
        </Stack>
      </Group>
      {job.requiredSkills.length > 0 && (
        <Group gap={6} mt="sm" aria-label="Required skills">
          {job.requiredSkills.map((s) => (
            <Badge key={s} variant="outline" color="gray">
              {s}
            </Badge>
          ))}
        </Group>
      )}
    </Card>
  );
}
