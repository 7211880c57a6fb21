// /assessments/:attemptId — taking an assessment. The attempt lives on the server: its
// deadline is the server's, answers are autosaved (a reload continues where it was), and at
// zero the page submits what it has. One question per screen or all on one page (the
// trainee's choice, remembered); a reading passage sits beside its questions; a listening
// section is read aloud by the browser (the first play and two replays, counted).
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Alert, Badge, Button, Card, Container, Grid, Group, Paper, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Navigate, useNavigate, useParams } from "react-router";
import type { CompletionAnswer } from "../../../shared/schemas/completion.ts";
import type { TraineeQuestion } from "../../../shared/schemas/content.ts";
import { FormAlert } from "../../components/form-alert.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { usePageTitle } from "../../lib/page-title.ts";
import { assessmentResultPath, paths } from "../../lib/paths.ts";
import { errorMessage, trpc } from "../../lib/trpc.ts";
import { Markdown } from "../practice/markdown.tsx";
import { initialAnswers, QuestionInput } from "../practice/quiz-runner.tsx";
import { speechSynthesisAvailable, useSpeechSynthesis } from "../practice/speech.ts";
import { clock, LISTEN_PLAYS, typeLabel, type Attempt } from "./assessment-text.ts";

type Answers = Record<string, CompletionAnswer>;
type Mode = "all" | "one";
const MODE_KEY = "hirexp:assessment-mode";
const SAVE_DELAY_MS = 1000;

export function AssessmentPage() {
  const { attemptId = "" } = useParams();
  const attempt = useQuery({ ...trpc.assessments.attempt.queryOptions({ attemptId }), retry: false, staleTime: Infinity, refetchOnWindowFocus: false });
  usePageTitle(attempt.data?.title ?? "Assessment");
  return (
    <Container size="lg" px={0}>
      {attempt.isPending ? (
        <PageLoader label="Loading your assessment…" />
      ) : attempt.isError ? (
        <Stack gap="md">
          <Title order={1}>This assessment is not available</Title>
          <QueryError error={attempt.error} title="We could not open it" />
        </Stack>
      ) : attempt.data.assessmentId ? (
        <Navigate to={assessmentResultPath(attempt.data.assessmentId)} replace />
      ) : (
        <Runner attempt={attempt.data} fetchedAt={attempt.dataUpdatedAt} />
      )}
    </Container>
  );
}

const answered = (v: CompletionAnswer | undefined) => v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0);

function Runner({ attempt, fetchedAt }: { attempt: Attempt; fetchedAt: number }) {
  const navigate = useNavigate();
  const flat = useMemo(() => attempt.sections.flatMap((s, si) => s.questions.map((q) => ({ q, si }))), [attempt.sections]);
  const [answers, setAnswers] = useState<Answers>(() => ({ ...initialAnswers(flat.map((f) => f.q)), ...(attempt.savedAnswers as Answers) }));
  const answersRef = useRef(answers);
  answersRef.current = answers;
  const [mode, setModeState] = useState<Mode>(() => (localStorage.getItem(MODE_KEY) === "one" ? "one" : "all"));
  const setMode = (m: Mode) => {
    localStorage.setItem(MODE_KEY, m);
    setModeState(m);
  };
  const [current, setCurrent] = useState(0);

  // Autosave a moment after the last change.
  const [dirty, setDirty] = useState(false);
  const save = useMutation(trpc.assessments.save.mutationOptions());
  const { mutate: saveNow } = save;
  useEffect(() => {
    if (!dirty) return;
    const t = setTimeout(() => {
      setDirty(false);
      saveNow({ attemptId: attempt.attemptId, answers: answersRef.current as never });
    }, SAVE_DELAY_MS);
    return () => clearTimeout(t);
  }, [dirty, answers, saveNow, attempt.attemptId]);

  const submit = useMutation(
    trpc.assessments.submit.mutationOptions({ onSuccess: (r) => void navigate(assessmentResultPath(r.assessmentId), { replace: true }) }),
  );
  const { mutate: submitNow } = submit;
  const submitted = useRef(false);
  const doSubmit = useCallback(() => {
    if (submitted.current) return;
    submitted.current = true;
    submitNow({ attemptId: attempt.attemptId, answers: answersRef.current as never }, { onError: () => (submitted.current = false) });
  }, [submitNow, attempt.attemptId]);

  // The countdown on the server's clock (offset measured when the attempt was loaded).
  const offset = attempt.serverNow.getTime() - fetchedAt;
  const deadline = attempt.deadline?.getTime() ?? null;
  const remainingNow = useCallback(() => (deadline === null ? null : Math.max(0, Math.ceil((deadline - (Date.now() + offset)) / 1000))), [deadline, offset]);
  const [remaining, setRemaining] = useState<number | null>(remainingNow);
  useEffect(() => {
    if (deadline === null) return;
    const t = setInterval(() => setRemaining(remainingNow()), 250);
    return () => clearInterval(t);
  }, [deadline, remainingNow]);
  useEffect(() => {
    if (remaining === 0) doSubmit();
  }, [remaining, doSubmit]);

  const change = (id: string, v: CompletionAnswer) => {
    setAnswers((a) => ({ ...a, [id]: v }));
    setDirty(true);
  };
  const unanswered = flat.filter((f) => !answered(answers[f.q.id])).length;
  const disabled = submit.isPending || remaining === 0;
  const shown = mode === "all" ? flat.map((f, i) => ({ ...f, n: i })) : flat.slice(current, current + 1).map((f) => ({ ...f, n: current }));
  const sectionsShown = [...new Set(shown.map((s) => s.si))];

  return (
    <Stack gap="lg">
      <Stack gap={6}>
        <Group gap={6}>
          <Badge variant="light" color="gray">
            {typeLabel(attempt.assessmentType)}
          </Badge>
          <Badge variant="outline" color="gray">
            Attempt {attempt.attemptNo}
            {attempt.maxAttempts ? ` of ${attempt.maxAttempts}` : ""}
          </Badge>
        </Group>
        <Title order={1}>{attempt.title}</Title>
        <Text size="sm" c="dimmed">
          {flat.length} questions · pass mark {attempt.passingScore}%
        </Text>
      </Stack>

      <Paper withBorder p="sm" pos="sticky" top={60} style={{ zIndex: 2 }}>
        <Group justify="space-between" wrap="wrap" gap="sm">
          {remaining === null ? (
            <Text fw={600}>No time limit</Text>
          ) : (
            <Text fw={700} size="lg" c={remaining <= 60 ? "red.8" : undefined} data-testid="countdown">
              Time left {clock(remaining)}
            </Text>
          )}
          <Text size="sm" c="dimmed" role="status" data-testid="save-status">
            {save.isPending || dirty ? "Saving…" : save.isError ? `Not saved: ${errorMessage(save.error)}` : save.isSuccess ? "All answers saved" : ""}
          </Text>
          <SegmentedControl
            aria-label="How to show the questions"
            value={mode}
            onChange={(v) => setMode(v as Mode)}
            data={[
              { value: "all", label: "All on one page" },
              { value: "one", label: "One per screen" },
            ]}
          />
        </Group>
      </Paper>
      {remaining !== null && remaining > 0 && remaining <= 60 && (
        <Alert color="orange" variant="light" role="alert" title="Less than a minute left">
          Your answers will be submitted when the time is up.
        </Alert>
      )}
      {remaining === 0 && !submit.isError && (
        <Alert color="blue" variant="light" role="status" title="Time is up">
          Submitting your answers…
        </Alert>
      )}

      <form
        onSubmit={(e) => {
          e.preventDefault();
          doSubmit();
        }}
        // Enter in a typed answer must not submit the whole assessment (only the button does).
        onKeyDown={(e) => {
          if (e.key === "Enter" && e.target instanceof HTMLInputElement && e.target.type === "text") e.preventDefault();
        }}
      >
        <Stack gap="xl">
          {sectionsShown.map((si) => {
            const s = attempt.sections[si]!;
            const qs = shown.filter((x) => x.si === si);
            const questions = (
              <Stack gap="lg">
                {qs.map(({ q, n }) => (
                  <QuestionCard key={q.id} q={q} n={n} value={answers[q.id]} onChange={(v) => change(q.id, v)} disabled={disabled} />
                ))}
              </Stack>
            );
            return (
              <Stack key={si} gap="md" component="section" aria-label={s.title ?? `Section ${si + 1}`}>
                {s.title && (
                  <Title order={2} size="h3">
                    {s.title}
                  </Title>
                )}
                {s.listeningScript && <ListenPanel key={`${attempt.attemptId}:${si}`} attemptId={attempt.attemptId} section={si} script={s.listeningScript} />}
                {s.passage ? (
                  <Grid gap="lg">
                    <Grid.Col span={{ base: 12, md: 6 }}>
                      <Card withBorder padding="md" component="article" aria-label="Reading passage" style={{ position: "sticky", top: 130, maxHeight: "70vh", overflowY: "auto" }} tabIndex={0}>
                        <Markdown>{s.passage}</Markdown>
                      </Card>
                    </Grid.Col>
                    <Grid.Col span={{ base: 12, md: 6 }}>{questions}</Grid.Col>
                  </Grid>
                ) : (
                  questions
                )}
              </Stack>
            );
          })}
          {mode === "one" && (
            <Group>
              <Button variant="default" onClick={() => setCurrent((c) => Math.max(0, c - 1))} disabled={current === 0}>
                ← Previous
              </Button>
              <Text size="sm">
                Question {current + 1} of {flat.length}
              </Text>
              <Button variant="default" onClick={() => setCurrent((c) => Math.min(flat.length - 1, c + 1))} disabled={current === flat.length - 1}>
                Next →
              </Button>
            </Group>
          )}
          {submit.isError && <FormAlert title="Your answers were not submitted">{errorMessage(submit.error)}</FormAlert>}
          <Group>
            <Button type="submit" loading={submit.isPending} disabled={remaining === 0 && !submit.isError}>
              Submit my answers
            </Button>
            <Text size="sm" c="dimmed">
              {unanswered > 0 ? `${unanswered} question${unanswered === 1 ? "" : "s"} not answered yet (they count as wrong).` : "Every question is answered."}
            </Text>
          </Group>
          {submit.isError && (
            <Button variant="subtle" onClick={() => void navigate(paths.assessments)} w="fit-content">
              Go to your results
            </Button>
          )}
        </Stack>
      </form>
    </Stack>
  );
}

function QuestionCard({ q, n, value, onChange, disabled }: { q: TraineeQuestion; n: number; value: CompletionAnswer | undefined; onChange: (v: CompletionAnswer) => void; disabled: boolean }) {
  return (
    <Card withBorder padding="md" data-question={q.id}>
      <QuestionInput question={q} label={`${n + 1}. ${q.prompt}${q.points !== 1 ? ` (${q.points} points)` : ""}`} value={value} onChange={onChange} disabled={disabled} />
    </Card>
  );
}

/** Plays the listening script with speechSynthesis; the count is kept per attempt and section (a reload does not reset it). */
function ListenPanel({ attemptId, section, script }: { attemptId: string; section: number; script: string }) {
  const key = `hirexp:listen:${attemptId}:${section}`;
  const [plays, setPlays] = useState(() => Number(localStorage.getItem(key) ?? 0) || 0);
  const { speak, speaking, stop } = useSpeechSynthesis({ lang: "en-US", rate: 0.95 });
  const left = LISTEN_PLAYS - plays;
  if (!speechSynthesisAvailable()) {
    return (
      <Alert color="yellow" variant="light" title="Listening is not available in this browser">
        This browser cannot read text aloud. Try a current Chrome, Edge, Firefox or Safari.
      </Alert>
    );
  }
  const play = () => {
    if (left <= 0) return;
    const next = plays + 1;
    localStorage.setItem(key, String(next));
    setPlays(next);
    speak(script);
  };
  return (
    <Card withBorder padding="md">
      <Group gap="sm">
        <Button onClick={play} disabled={left <= 0 || speaking} variant={plays === 0 ? "filled" : "light"}>
          {plays === 0 ? "▶ Play the recording" : "↻ Replay"}
        </Button>
        {speaking && (
          <Button variant="default" onClick={stop}>
            Stop
          </Button>
        )}
        <Text size="sm" c="dimmed" role="status">
          {plays === 0 ? "You can listen once and replay it twice." : left > 0 ? `${left - 0} play${left === 1 ? "" : "s"} left (played ${plays} time${plays === 1 ? "" : "s"}).` : "No replays left."}
        </Text>
      </Group>
    </Card>
  );
}
