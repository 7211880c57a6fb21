// What a certificate says, shown the same way on the public verification page, the trainee's
// certificates page and the admin's revoke page: its status in words and colour (green valid,
// orange expired, red revoked), the skills with their scores, and the dates.
import { Badge, Group, Progress, SimpleGrid, Stack, Table, Text } from "@mantine/core";
import type { CertificateSkills, CertificateStatus } from "../../shared/schemas/certificates.ts";
import { onFirstUse } from "../lib/format.ts";

export const CERTIFICATE_STATUS: Record<CertificateStatus, { label: string; color: string; sentence: string }> = {
  valid: { label: "Valid", color: "green", sentence: "This certificate is valid." },
  expired: { label: "Expired", color: "orange", sentence: "This certificate has expired." },
  revoked: { label: "Revoked", color: "red", sentence: "This certificate was revoked by HireXp and is no longer valid." },
};

const SKILL_NAMES: Record<string, string> = {
  fluency: "Fluency",
  grammar: "Grammar",
  vocabulary: "Vocabulary",
  clarity: "Clarity",
  professionalism: "Professionalism",
  taskCompletion: "Task completion",
  pace: "Pace",
  reading: "Reading",
  listening: "Listening",
  writing: "Writing",
};
export const skillName = (key: string) => SKILL_NAMES[key] ?? key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase());

const day = onFirstUse(() => new Intl.DateTimeFormat(undefined, { dateStyle: "long" }));
/** "10 January 2026" in the reader's language. */
export const formatDay = (d: Date | null) => (d ? day().format(d) : "No expiry");
const score = (n: number) => String(Math.round(n));

export function CertificateStatusBadge({ status, size = "lg" }: { status: CertificateStatus; size?: "sm" | "md" | "lg" | "xl" }) {
  const s = CERTIFICATE_STATUS[status];
  return (
    <Badge color={s.color} size={size} variant="filled" data-status={status}>
      {s.label}
    </Badge>
  );
}

function ScoreTable({ caption, rows }: { caption: string; rows: [string, number][] }) {
  if (rows.length === 0) return null;
  return (
    <Table verticalSpacing={6} captionSide="top" aria-label={caption}>
      <Table.Caption style={{ textAlign: "left", fontWeight: 600 }}>{caption}</Table.Caption>
      <Table.Tbody>
        {rows.map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Td w="45%">{skillName(k)}</Table.Td>
            <Table.Td>
              <Group gap="xs" wrap="nowrap">
                <Progress value={Math.max(0, Math.min(100, v))} style={{ flex: 1 }} aria-hidden />
                <Text fw={600} w={36} ta="right">
                  {score(v)}
                </Text>
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The skills (practice averages and passed assessments, 0–100) and the overall score. */
export function CertificateScores({ skills, overallScore }: { skills: CertificateSkills; overallScore: number }) {
  return (
    <Stack gap="sm">
      <Group gap="xs" align="baseline">
        <Text size="sm" c="dimmed">
          Overall score
        </Text>
        <Text fw={800} size="xl" data-testid="overall-score">
          {score(overallScore)}
        </Text>
        <Text size="sm" c="dimmed">
          / 100
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <ScoreTable caption="Practice (average per skill)" rows={Object.entries(skills.practice)} />
        <ScoreTable caption="Assessments passed" rows={Object.entries(skills.assessments)} />
      </SimpleGrid>
    </Stack>
  );
}

/** Issue and expiry dates as a small definition list. */
export function CertificateDates({ issuedAt, validUntil }: { issuedAt: Date; validUntil: Date | null }) {
  return (
    <Group gap="xl">
      <Stack gap={0}>
        <Text size="xs" c="dimmed">
          Issued
        </Text>
        <Text fw={600}>{formatDay(issuedAt)}</Text>
      </Stack>
      <Stack gap={0}>
        <Text size="xs" c="dimmed">
          Valid until
        </Text>
        <Text fw={600}>{formatDay(validUntil)}</Text>
      </Stack>
    </Group>
  );
}
