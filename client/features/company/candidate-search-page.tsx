// /company — a verified company's candidate search: filters (with the facet counts of the
// current results) beside the result cards, keyset "Load more", and every filter kept in the
// URL's query string (shareable, survives a reload). Only opted-in trainees are ever listed,
// never with contact details (the server decides).
import { Anchor, Badge, Button, Checkbox, Collapse, Container, Grid, Group, NativeSelect, NumberInput, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { languageName } from "../../../shared/languages.ts";
import { CANDIDATE_LEVELS, SEARCH_SORTS, SKILL_LABELS, type CandidateSearch, type SearchSort } from "../../../shared/schemas/candidates.ts";
import { SKILLS, type Skill } from "../../../shared/schemas/content.ts";
import { CandidateCard } from "../../components/candidate-card.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { usePageTitle } from "../../lib/page-title.ts";
import { companyCandidatePath } from "../../lib/paths.ts";
import { errorMessage, trpc } from "../../lib/trpc.ts";

export const SEARCH_PAGE_SIZE = 20;

const num = (s: string | null, max = 100): number | undefined => {
  if (s === null || s.trim() === "") return undefined;
  const n = Number(s);
  return Number.isFinite(n) && n >= 0 && n <= max ? n : undefined;
};

/** The search input the URL's query string describes (a hand-edited URL never breaks the page). */
export function searchInputFromParams(p: URLSearchParams): CandidateSearch {
  const input: CandidateSearch = {};
  const q = p.get("q")?.trim();
  if (q) input.q = q.slice(0, 100);
  const skills = p.getAll("skill").filter(Boolean).slice(0, 10);
  if (skills.length) input.skills = skills;
  const languages = p.getAll("lang").filter(Boolean).slice(0, 10);
  if (languages.length) input.languages = languages;
  const location = p.get("location")?.trim();
  if (location) input.location = location.slice(0, 100);
  const level = p.get("level");
  if (level && (CANDIDATE_LEVELS as readonly string[]).includes(level)) input.level = level as CandidateSearch["level"];
  const minScore = num(p.get("minScore"));
  if (minScore !== undefined) input.minOverallScore = minScore;
  const mins: Partial<Record<Skill, number>> = {};
  for (const k of SKILLS) {
    const v = num(p.get(`min.${k}`));
    if (v !== undefined) mins[k] = v;
  }
  if (Object.keys(mins).length) input.minSkillScores = mins;
  const certified = p.get("certified");
  if (certified === "yes") input.certified = true;
  if (certified === "no") input.certified = false;
  const sort = p.get("sort");
  if (sort && (SEARCH_SORTS as readonly string[]).includes(sort)) input.sort = sort as SearchSort;
  return input;
}

const SORT_LABELS: Record<SearchSort, string> = { relevance: "Best match", score: "Highest score", recent: "Recently active" };

/** A text filter that writes to the URL once typing pauses. */
function DebouncedInput({ label, value, onCommit, placeholder, description }: { label: string; value: string; onCommit: (v: string) => void; placeholder?: string; description?: string }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commit = useDebouncedCallback(onCommit, 400);
  return (
    <TextInput
      label={label}
      description={description}
      placeholder={placeholder}
      value={text}
      onChange={(e) => {
        setText(e.currentTarget.value);
        commit(e.currentTarget.value);
      }}
      onKeyDown={(e) => {
        if (e.key === "Enter") onCommit(text);
      }}
    />
  );
}

function FacetGroup({ title, values, selected, counts, name, onToggle }: { title: string; values: string[]; selected: string[]; counts: Map<string, number>; name: (v: string) => string; onToggle: (v: string) => void }) {
  const headingId = `facet-${title.toLowerCase()}`;
  return (
    <Stack gap={6} role="group" aria-labelledby={headingId}>
      <Text fw={600} size="sm" id={headingId}>
        {title}
      </Text>
      {values.length === 0 && (
        <Text size="xs" c="dimmed">
          None in these results
        </Text>
      )}
      {values.map((v) => (
        <Checkbox
          key={v}
          checked={selected.includes(v)}
          onChange={() => onToggle(v)}
          label={
            <Group gap={6} wrap="nowrap">
              <span>{name(v)}</span>
              <Badge size="xs" variant="light" color="gray" aria-label={`${counts.get(v) ?? 0} candidates`}>
                {counts.get(v) ?? 0}
              </Badge>
            </Group>
          }
        />
      ))}
    </Stack>
  );
}

export function CandidateSearchPage() {
  usePageTitle("Candidates");
  const [params, setParams] = useSearchParams();
  const input = useMemo(() => searchInputFromParams(params), [params]);
  const [skillsOpen, setSkillsOpen] = useState(() => SKILLS.some((k) => params.has(`min.${k}`)));

  const update = (fn: (next: URLSearchParams) => void) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        fn(next);
        return next;
      },
      { replace: true },
    );
  const setOne = (key: string, value: string) => update((n) => (value ? n.set(key, value) : n.delete(key)));
  const toggle = (key: string, value: string) =>
    update((n) => {
      const all = n.getAll(key);
      n.delete(key);
      for (const v of all.includes(value) ? all.filter((x) => x !== value) : [...all, value]) n.append(key, v);
    });
  const filtered = [...params.keys()].some((k) => k !== "sort");

  const results = useInfiniteQuery(
    trpc.company.candidates.search.infiniteQueryOptions({ ...input, limit: SEARCH_PAGE_SIZE }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const items = results.data?.pages.flatMap((p) => p.items) ?? [];
  const facets = results.data?.pages[0]?.facets ?? null;
  const skillCounts = new Map(facets?.skills.map((f) => [f.value, f.count]) ?? []);
  const langCounts = new Map(facets?.languages.map((f) => [f.value, f.count]) ?? []);
  // Selected values stay listed (and can be unticked) even when they are not among the top counts.
  const skillValues = [...new Set([...(input.skills ?? []), ...(facets?.skills.map((f) => f.value) ?? [])])];
  const langValues = [...new Set([...(input.languages ?? []), ...(facets?.languages.map((f) => f.value) ?? [])])];

  return (
    <Container size="xl" px={0}>
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1}>Candidates</Title>
          <Text c="dimmed">Trainees who chose to be found, with scores measured in practice and assessments. Contact details are shared only when a candidate applies to your job or accepts your interest.</Text>
        </Stack>
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 4, lg: 3 }}>
            <Paper withBorder p="md" component="section" aria-label="Filters">
              <Stack gap="md">
                <DebouncedInput label="Search" description="Name, bio, skills and experience" value={input.q ?? ""} onCommit={(v) => setOne("q", v.trim())} />
                <FacetGroup title="Skills" values={skillValues} selected={input.skills ?? []} counts={skillCounts} name={(v) => v} onToggle={(v) => toggle("skill", v)} />
                <FacetGroup title="Languages" values={langValues} selected={input.languages ?? []} counts={langCounts} name={(v) => languageName(v)} onToggle={(v) => toggle("lang", v)} />
                {facets && !facets.exact && (
                  <Text size="xs" c="dimmed">
                    More than {facets.total} candidates match: the counts are from {facets.total} of them.
                  </Text>
                )}
                <DebouncedInput label="Location" placeholder="e.g. Berlin" value={input.location ?? ""} onCommit={(v) => setOne("location", v.trim())} />
                <NativeSelect
                  label="Level at least"
                  value={input.level ?? ""}
                  onChange={(e) => setOne("level", e.currentTarget.value)}
                  data={[{ value: "", label: "Any level" }, ...CANDIDATE_LEVELS.map((l) => ({ value: l, label: l }))]}
                />
                <NumberInput
                  label="Minimum overall score"
                  min={0}
                  max={100}
                  value={input.minOverallScore ?? ""}
                  onChange={(v) => setOne("minScore", v === "" ? "" : String(v))}
                />
                <NativeSelect
                  label="Certificate"
                  value={params.get("certified") ?? ""}
                  onChange={(e) => setOne("certified", e.currentTarget.value)}
                  data={[
                    { value: "", label: "Any" },
                    { value: "yes", label: "Valid certificate" },
                    { value: "no", label: "No valid certificate" },
                  ]}
                />
                <Button variant="subtle" size="compact-sm" onClick={() => setSkillsOpen((o) => !o)} aria-expanded={skillsOpen} aria-controls="skill-minimums">
                  {skillsOpen ? "Hide" : "Show"} minimum per skill
                </Button>
                <Collapse expanded={skillsOpen} id="skill-minimums">
                  <Stack gap="xs">
                    {SKILLS.map((k) => (
                      <NumberInput
                        key={k}
                        size="xs"
                        label={`Minimum ${SKILL_LABELS[k].toLowerCase()}`}
                        min={0}
                        max={100}
                        value={input.minSkillScores?.[k] ?? ""}
                        onChange={(v) => setOne(`min.${k}`, v === "" ? "" : String(v))}
                      />
                    ))}
                  </Stack>
                </Collapse>
                {filtered && (
                  <Button variant="default" size="xs" onClick={() => update((n) => [...n.keys()].filter((k) => k !== "sort").forEach((k) => n.delete(k)))}>
                    Clear filters
                  </Button>
                )}
              </Stack>
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8, lg: 9 }}>
            <Stack gap="md" component="section" aria-label="Results">
              <Group justify="space-between" align="flex-end">
                <Text aria-live="polite">{facets ? `${facets.total}${facets.exact ? "" : "+"} candidate${facets.total === 1 && facets.exact ? "" : "s"}` : results.isPending ? "Searching…" : ""}</Text>
                <NativeSelect
                  label="Sort by"
                  value={input.sort ?? "relevance"}
                  onChange={(e) => setOne("sort", e.currentTarget.value === "relevance" ? "" : e.currentTarget.value)}
                  data={SEARCH_SORTS.map((s) => ({ value: s, label: SORT_LABELS[s] }))}
                />
              </Group>
              {results.isPending ? (
                <PageLoader label="Searching candidates…" />
              ) : !results.data ? (
                <QueryError title="We could not search candidates" error={results.error} onRetry={() => void results.refetch()} retrying={results.isFetching} />
              ) : items.length === 0 ? (
                <EmptyState title={filtered ? "No candidates match these filters" : "No candidates yet"}>
                  {filtered ? "Loosen a filter or clear them to see more trainees." : "No trainee has chosen to be found yet. Check again soon."}
                </EmptyState>
              ) : (
                <Stack gap="sm">
                  {items.map((c) => (
                    <CandidateCard
                      key={c.candidateId}
                      c={c}
                      title={
                        <Anchor component={Link} to={companyCandidatePath(c.candidateId)} inherit>
                          {c.name ?? "Unnamed candidate"}
                        </Anchor>
                      }
                      extra={
                        (c.viewed || c.noted || c.marked) && (
                          <Group gap={6}>
                            {c.viewed && <Badge variant="light" color="gray">Viewed</Badge>}
                            {c.noted && <Badge variant="light" color="gray">Noted</Badge>}
                            {c.marked && <Badge variant="light" color="grape">Marked</Badge>}
                          </Group>
                        )
                      }
                    />
                  ))}
                  {results.isFetchNextPageError && (
                    <Text c="red" role="alert">
                      We could not load more: {errorMessage(results.error)}
                    </Text>
                  )}
                  {results.hasNextPage && (
                    <Group justify="center">
                      <Button variant="default" onClick={() => void results.fetchNextPage()} loading={results.isFetchingNextPage}>
                        Load more
                      </Button>
                    </Group>
                  )}
                </Stack>
              )}
            </Stack>
          </Grid.Col>
        </Grid>
      </Stack>
    </Container>
  );
}
