// A candidate as companies see them in the search results (never contact details). Used by the
// company search page and by the trainee's preview in Settings → Candidate, so the preview
// shows exactly what companies get.
import { Avatar, Badge, Card, Group, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { languageName } from "../../shared/languages.ts";
import { SKILL_LABELS } from "../../shared/schemas/candidates.ts";
import { SKILLS } from "../../shared/schemas/content.ts";

export type CandidateCardData = {
  candidateId: string;
  name: string | null;
  avatar?: string | null;
  headline: string | null;
  location: string | null;
  languages: string[];
  skills: string[];
  openTo: string[];
  level: string;
  overallScore: number | null;
  skillScores: Record<string, number | null>;
  evaluationCount: number;
  assessments: Record<string, number>;
  certificate: { code: string; status: "valid" | "expired" | "revoked" } | null;
  lastActiveAt: Date | null;
};

const CERT_COLOR = { valid: "teal", expired: "orange", revoked: "red" } as const;

export function formatScore(n: number | null | undefined): string {
  return n === null || n === undefined ? "—" : Number.isInteger(n) ? String(n) : n.toFixed(1);
}

export function CandidateCard({ c, title, extra, headingLevel = 2 }: { c: CandidateCardData; title?: ReactNode; extra?: ReactNode; headingLevel?: 2 | 3 }) {
  const headingId = `candidate-${c.candidateId}`;
  const scored = SKILLS.filter((k) => c.skillScores[k] !== null && c.skillScores[k] !== undefined);
  return (
    <Card withBorder padding="md" component="article" aria-labelledby={headingId} data-testid="candidate-card">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Group gap="sm" align="flex-start" wrap="nowrap">
            <Avatar src={c.avatar ?? null} alt="" name={c.name ?? undefined} color="cyan" radius="xl" />
            <Stack gap={0}>
              <Title order={headingLevel} size="h4" id={headingId}>
                {title ?? c.name ?? "Unnamed candidate"}
              </Title>
              {c.headline && <Text size="sm">{c.headline}</Text>}
              <Text size="sm" c="dimmed">
                {[c.location, c.languages.map((l) => languageName(l)).join(", "), `level ${c.level}`].filter(Boolean).join(" · ")}
              </Text>
            </Stack>
          </Group>
          <Stack gap={0} align="flex-end">
            <Text fw={700} size="xl" aria-label={`Overall score ${formatScore(c.overallScore)}`}>
              {formatScore(c.overallScore)}
            </Text>
            <Text size="xs" c="dimmed">
              {c.evaluationCount} evaluation{c.evaluationCount === 1 ? "" : "s"}
            </Text>
          </Stack>
        </Group>
        {scored.length > 0 && (
          <Text size="sm">
            {scored.map((k) => `${SKILL_LABELS[k]} ${formatScore(c.skillScores[k])}`).join(" · ")}
          </Text>
        )}
        {Object.keys(c.assessments).length > 0 && (
          <Text size="sm" c="dimmed">
            Assessments: {Object.entries(c.assessments).map(([t, s]) => `${t} ${formatScore(s)}`).join(" · ")}
          </Text>
        )}
        <Group gap={6}>
          {c.certificate && (
            <Badge color={CERT_COLOR[c.certificate.status]} variant="light">
              Certificate {c.certificate.status}
            </Badge>
          )}
          {c.openTo.map((o) => (
            <Badge key={o} variant="outline" color="gray">
              {o}
            </Badge>
          ))}
          {c.skills.slice(0, 8).map((s) => (
            <Badge key={s} variant="dot" color="blue">
              {s}
            </Badge>
          ))}
        </Group>
        {c.lastActiveAt && (
          <Text size="xs" c="dimmed">
            Last active {new Date(c.lastActiveAt).toLocaleDateString()}
          </Text>
        )}
        {extra}
      </Stack>
    </Card>
  );
}
