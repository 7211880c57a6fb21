// /company/candidates/:candidateId — one candidate as a verified company sees them: the
// profile (contact details only when the candidate shared them with this company), the scores
// over time, certificates with their public verification link, assessment results, and this
// company user's private notes, saved as you type. Opening the page records the view.
import { Alert, Anchor, Badge, Button, Card, Container, Grid, Group, Stack, Table, Text, Textarea, Title } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { SKILL_LABELS } from "../../../shared/schemas/candidates.ts";
import { SKILLS } from "../../../shared/schemas/content.ts";
import { CandidateCard, formatScore } from "../../components/candidate-card.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths, verifyCertificatePath } from "../../lib/paths.ts";
import { errorMessage, trpc, trpcCodeOf } from "../../lib/trpc.ts";
import { InterestPanel } from "./interest-panel.tsx";

export const NOTES_MAX = 5000;

type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "saved"; at: Date } | { kind: "error"; message: string };

/** Private notes that save themselves once typing pauses, with a saving/saved indicator. */
export function CandidateNotes({ candidateId, initial }: { candidateId: string; initial: string }) {
  const [text, setText] = useState(initial);
  const [state, setState] = useState<SaveState>({ kind: "idle" });
  const latest = useRef(initial);
  const note = useMutation(trpc.company.candidates.note.mutationOptions());
  const save = async (value: string) => {
    setState({ kind: "saving" });
    try {
      await note.mutateAsync({ candidateId, notes: value });
      // Only the newest text decides the indicator (an older save may finish later).
      if (latest.current === value) setState({ kind: "saved", at: new Date() });
    } catch (e) {
      if (latest.current === value) setState({ kind: "error", message: errorMessage(e) });
    }
  };
  const debounced = useDebouncedCallback((v: string) => void save(v), 800);
  const tooLong = text.length > NOTES_MAX;
  return (
    <Stack gap={4}>
      <Textarea
        label="Your notes"
        description="Private to you: the candidate and other companies never see them."
        autosize
        minRows={4}
        value={text}
        error={tooLong ? `Notes have at most ${NOTES_MAX} characters` : undefined}
        onChange={(e) => {
          const v = e.currentTarget.value;
          setText(v);
          latest.current = v;
          if (v.length <= NOTES_MAX) {
            setState({ kind: "saving" });
            debounced(v);
          }
        }}
      />
      <Group justify="space-between">
        <Text size="xs" c={state.kind === "error" ? "red" : "dimmed"} role="status" aria-live="polite" data-testid="notes-save-state">
          {state.kind === "saving" ? "Saving…" : state.kind === "saved" ? "Saved" : state.kind === "error" ? `Not saved: ${state.message}` : ""}
        </Text>
        <Text size="xs" c={tooLong ? "red" : "dimmed"}>
          {text.length} / {NOTES_MAX}
        </Text>
      </Group>
    </Stack>
  );
}

export function CandidatePage() {
  const { candidateId = "" } = useParams();
  const page = useQuery({ ...trpc.company.candidates.get.queryOptions({ candidateId }), refetchOnWindowFocus: false });
  usePageTitle(page.data?.candidate.name ?? "Candidate");

  if (page.isPending) return <PageLoader label="Loading the candidate…" />;
  if (!page.data) {
    if (trpcCodeOf(page.error) === "NOT_FOUND") {
      return (
        <Container size={640} px={0}>
          <Stack gap="md" align="flex-start">
            <Title order={1}>This candidate is not available</Title>
            <Text>They may have chosen not to be found any more.</Text>
            <Button component={Link} to={paths.companySearch} variant="light">
              Back to the search
            </Button>
          </Stack>
        </Container>
      );
    }
    return <QueryError title="We could not load this candidate" error={page.error} onRetry={() => void page.refetch()} retrying={page.isFetching} />;
  }
  const { candidate: c, contact, view } = page.data;

  return (
    <Container size="lg" px={0}>
      <Stack gap="lg">
        <Anchor component={Link} to={paths.companySearch} size="sm">
          ← Back to the search
        </Anchor>
        <Title order={1}>{c.name ?? "Unnamed candidate"}</Title>
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack gap="lg">
              <CandidateCard c={c} title="Summary" />
              {(c.bio || c.experience || c.education) && (
                <Card withBorder component="section" aria-labelledby="about-heading">
                  <Stack gap="xs">
                    <Title order={2} size="h4" id="about-heading">
                      About
                    </Title>
                    {c.bio && <Text style={{ whiteSpace: "pre-wrap" }}>{c.bio}</Text>}
                    {c.experience && (
                      <>
                        <Text fw={600}>Experience</Text>
                        <Text style={{ whiteSpace: "pre-wrap" }}>{c.experience}</Text>
                      </>
                    )}
                    {c.education && (
                      <>
                        <Text fw={600}>Education</Text>
                        <Text style={{ whiteSpace: "pre-wrap" }}>{c.education}</Text>
                      </>
                    )}
                  </Stack>
                </Card>
              )}
              <Card withBorder component="section" aria-labelledby="scores-heading">
                <Stack gap="xs">
                  <Title order={2} size="h4" id="scores-heading">
                    Scores over time
                  </Title>
                  {c.scoresOverTime.length === 0 ? (
                    <Text c="dimmed">No evaluated practice yet.</Text>
                  ) : (
                    <Table.ScrollContainer minWidth={560}>
                      <Table striped>
                        <Table.Thead>
                          <Table.Tr>
                            <Table.Th>Date</Table.Th>
                            <Table.Th>Practice</Table.Th>
                            <Table.Th>Overall</Table.Th>
                            {SKILLS.map((k) => (
                              <Table.Th key={k}>{SKILL_LABELS[k]}</Table.Th>
                            ))}
                          </Table.Tr>
                        </Table.Thead>
                        <Table.Tbody>
                          {c.scoresOverTime.map((e, i) => (
                            <Table.Tr key={i}>
                              <Table.Td>{new Date(e.at).toLocaleDateString()}</Table.Td>
                              <Table.Td>{e.sessionType === "CALL" ? "Call" : "Chat"}</Table.Td>
                              <Table.Td>{formatScore(e.overallScore)}</Table.Td>
                              {SKILLS.map((k) => (
                                <Table.Td key={k}>{formatScore(e.skills[k])}</Table.Td>
                              ))}
                            </Table.Tr>
                          ))}
                        </Table.Tbody>
                      </Table>
                    </Table.ScrollContainer>
                  )}
                </Stack>
              </Card>
              <Card withBorder component="section" aria-labelledby="assessments-heading">
                <Stack gap="xs">
                  <Title order={2} size="h4" id="assessments-heading">
                    Assessments
                  </Title>
                  {c.assessmentResults.length === 0 ? (
                    <Text c="dimmed">No assessments taken yet.</Text>
                  ) : (
                    <Table>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>Type</Table.Th>
                          <Table.Th>Best score</Table.Th>
                          <Table.Th>Attempts</Table.Th>
                          <Table.Th>Passed</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {c.assessmentResults.map((a) => (
                          <Table.Tr key={a.type}>
                            <Table.Td>{a.type}</Table.Td>
                            <Table.Td>{formatScore(a.best)}</Table.Td>
                            <Table.Td>{a.attempts}</Table.Td>
                            <Table.Td>{a.passed ? "Yes" : "Not yet"}</Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  )}
                </Stack>
              </Card>
              <Card withBorder component="section" aria-labelledby="certificates-heading">
                <Stack gap="xs">
                  <Title order={2} size="h4" id="certificates-heading">
                    Certificates
                  </Title>
                  {c.certificates.length === 0 ? (
                    <Text c="dimmed">No certificate yet.</Text>
                  ) : (
                    c.certificates.map((cert) => (
                      <Group key={cert.code} justify="space-between">
                        <Stack gap={0}>
                          <Text ff="monospace">{cert.code}</Text>
                          <Text size="xs" c="dimmed">
                            Issued {new Date(cert.issuedAt).toLocaleDateString()} · overall {formatScore(cert.overallScore)}
                          </Text>
                        </Stack>
                        <Group gap="xs">
                          <Badge color={cert.status === "valid" ? "teal" : cert.status === "expired" ? "orange" : "red"} variant="light">
                            {cert.status}
                          </Badge>
                          <Anchor component={Link} to={verifyCertificatePath(cert.code)}>
                            Verify {cert.code}
                          </Anchor>
                        </Group>
                      </Group>
                    ))
                  )}
                </Stack>
              </Card>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Stack gap="lg">
              <Card withBorder component="section" aria-labelledby="contact-heading">
                <Stack gap="xs">
                  <Title order={2} size="h4" id="contact-heading">
                    Contact
                  </Title>
                  {contact ? (
                    <>
                      <Text size="sm" c="dimmed">
                        {contact.via === "interest" ? "Shared because they accepted your interest." : "Shared with their application to your job."}
                      </Text>
                      <Anchor href={`mailto:${contact.email}`}>{contact.email}</Anchor>
                      {contact.phone && <Text>{contact.phone}</Text>}
                      {contact.linkedIn && <Anchor href={contact.linkedIn} target="_blank" rel="noreferrer">LinkedIn</Anchor>}
                    </>
                  ) : (
                    <Alert variant="light" color="gray">
                      Contact details are shared when the candidate applies to one of your jobs or accepts your interest.
                    </Alert>
                  )}
                </Stack>
              </Card>
              <Card withBorder component="section" aria-labelledby="interest-heading">
                <Stack gap="xs">
                  <Title order={2} size="h4" id="interest-heading">
                    Interest
                  </Title>
                  {view.isInterested && view.interestResponse && (
                    <Text size="sm">
                      {view.interestResponse === "ACCEPTED"
                        ? "The candidate accepted your interest."
                        : view.interestResponse === "DECLINED"
                          ? "The candidate declined your interest."
                          : "Waiting for the candidate's answer."}
                    </Text>
                  )}
                  <InterestPanel candidateId={c.candidateId} interested={view.isInterested} />
                </Stack>
              </Card>
              <Card withBorder component="section" aria-labelledby="notes-heading">
                <Stack gap="xs">
                  <Title order={2} size="h4" id="notes-heading">
                    Notes
                  </Title>
                  <CandidateNotes candidateId={c.candidateId} initial={view.notes} />
                </Stack>
              </Card>
            </Stack>
          </Grid.Col>
        </Grid>
      </Stack>
    </Container>
  );
}
