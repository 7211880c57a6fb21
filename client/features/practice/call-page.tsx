// /practice/call/:sessionId — a voice call with the coach. The trainee speaks (the browser's
// speech recognition, where it exists) or types; each utterance is sent with when it started
// and ended; the coach answers aloud (speechSynthesis, in the scenario's voice). A live
// transcript, a timer, mute and end buttons; every control works from the keyboard.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Alert, Anchor, Badge, Button, Card, Container, Grid, Group, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, Navigate, useNavigate, useParams } from "react-router";
import type { TraineeScenario } from "../../../shared/schemas/content.ts";
import { MESSAGE_MAX, UTTERANCE_MAX_MS } from "../../../shared/schemas/practice.ts";
import { ConfirmModal } from "../../components/confirm-modal.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths, practiceChatPath, practiceItemPath, practiceReportPath } from "../../lib/paths.ts";
import { appCodeOf, errorMessage, trpc } from "../../lib/trpc.ts";
import { CallRecordingPanel, useCallRecording } from "./call-recording.tsx";
import { GoalsChecklist } from "./goals-checklist.tsx";
import { ServerSpeech } from "./server-speech.tsx";
import { formatClock, type SessionDetail } from "./session-text.ts";
import { speechRecognitionAvailable, speechSynthesisAvailable, useSpeechRecognition, useSpeechSynthesis, type Utterance } from "./speech.ts";

type Line = NonNullable<SessionDetail["transcript"]>[number];

export function CallPage() {
  const { sessionId = "" } = useParams();
  const session = useQuery({ ...trpc.practice.sessions.get.queryOptions({ sessionId }), retry: false, staleTime: Infinity, refetchOnWindowFocus: false });
  usePageTitle(session.data?.title ?? "Call practice");
  return (
    <Container size="lg" px={0}>
      {session.isPending ? (
        <PageLoader label="Connecting the call…" />
      ) : session.isError ? (
        <Stack gap="md">
          <Title order={1}>This call is not available</Title>
          <QueryError error={session.error} title="We could not open it" />
          <Anchor component={Link} to={paths.practiceHistory}>
            Your practice history
          </Anchor>
        </Stack>
      ) : session.data.type === "CHAT" ? (
        <Navigate to={practiceChatPath(session.data.id)} replace />
      ) : (
        <CallSession session={session.data} />
      )}
    </Container>
  );
}

/** Seconds since `from`, ticking every second while `running`. */
function useElapsed(from: Date, running: boolean, frozen: number | null) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [running]);
  return frozen ?? Math.max(0, Math.floor((now - from.getTime()) / 1000));
}

function CallSession({ session }: { session: SessionDetail }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const scenario = session.scenario?.data as TraineeScenario | undefined;
  const coachName = scenario?.persona.name ?? "Coach";
  const voice = scenario?.voice;
  const [lines, setLines] = useState<Line[]>(session.transcript ?? []);
  const [covered, setCovered] = useState<string[]>(session.coveredGoalIds);
  const [finished, setFinished] = useState(session.finished);
  const [status, setStatus] = useState(session.status);
  // The microphone starts off: the trainee turns it on after reading the privacy note.
  const [muted, setMuted] = useState(true);
  const [typed, setTyped] = useState("");
  const typingStarted = useRef<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const active = status === "ACTIVE";
  const seconds = useElapsed(session.startedAt, active, active ? null : session.duration);
  const synth = useSpeechSynthesis(voice);

  const say = useMutation(trpc.practice.call.say.mutationOptions());
  const recording = useCallRecording({ sessionId: session.id, active, paused: muted && !session.serverSpeechToText && speechRecognitionAvailable(), alreadyRecorded: !!session.recordingUrl });
  const toReport = () => void navigate(practiceReportPath(session.id));
  const end = useMutation(
    trpc.practice.call.end.mutationOptions({
      onSuccess: async () => {
        synth.stop();
        // The recording (if the trainee said yes) is uploaded once the call has ended.
        const uploaded = await recording.finish();
        await queryClient.invalidateQueries({ queryKey: trpc.practice.sessions.pathKey() });
        if (uploaded) toReport();
        else setConfirming(false);
      },
    }),
  );

  // The coach's opening is spoken when the call starts (after the Start click, so the browser allows it).
  const spokeOpening = useRef(false);
  useEffect(() => {
    if (spokeOpening.current || !active) return;
    spokeOpening.current = true;
    const only = session.transcript?.length === 1 ? session.transcript[0] : null;
    if (only?.speaker === "ai") synth.speak(only.text);
  }, [active, session.transcript, synth]);

  const sendUtterance = async (u: Utterance): Promise<boolean> => {
    setError(null);
    try {
      const r = await say.mutateAsync({ sessionId: session.id, ...u });
      setLines((ls) => [...ls, r.utterance, r.reply]);
      setCovered(r.reply.coveredGoalIds);
      setFinished(r.reply.finished);
      synth.speak(r.reply.text);
      return true;
    } catch (err) {
      setError(errorMessage(err));
      if (appCodeOf(err) === "SESSION_ENDED") setStatus("ABANDONED");
      return false;
    }
  };

  // With STT_BASE_URL the trainee records and the server transcribes (ServerSpeech), instead of the browser.
  const serverStt = session.serverSpeechToText;
  // Recognition listens while unmuted, and pauses while the coach speaks or a reply is on its way.
  const recognition = useSpeechRecognition({
    lang: voice?.lang ?? "en-US",
    enabled: active && !serverStt && !muted && !synth.speaking && !say.isPending,
    onUtterance: (u) => void sendUtterance(u),
  });

  const submitTyped = async (e: FormEvent) => {
    e.preventDefault();
    const text = typed.trim();
    if (!text || say.isPending) return;
    const endedAt = Date.now();
    // Typed: from the first keystroke to now (at most the longest utterance accepted).
    const startedAt = Math.max(typingStarted.current ?? endedAt, endedAt - UTTERANCE_MAX_MS + 1000);
    setTyped("");
    typingStarted.current = null;
    if (!(await sendUtterance({ text, startedAt, endedAt }))) setTyped(text);
  };

  const lastAi = [...lines].reverse().find((l) => l.speaker === "ai");
  const recognitionMissing = serverStt || !speechRecognitionAvailable();

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        {session.contentId && (
          <Anchor component={Link} to={practiceItemPath(session.contentId)} size="sm">
            ← About this scenario
          </Anchor>
        )}
        <Group gap="xs">
          <Badge variant="light">Call practice</Badge>
          {!active && <Badge color="gray">{status === "COMPLETED" ? "Ended" : "Abandoned"}</Badge>}
        </Group>
        <Title order={1}>{session.title}</Title>
        {scenario && (
          <Text c="dimmed" size="sm">
            On the phone with {scenario.persona.name}, {scenario.persona.role}
            {scenario.persona.company ? ` at ${scenario.persona.company}` : ""}
          </Text>
        )}
      </Stack>

      {!active && (
        <Alert color={session.evaluation ? "teal" : "gray"} title="This call has ended">
          {session.evaluation || status === "COMPLETED" ? (
            <Anchor component={Link} to={practiceReportPath(session.id)}>
              See your evaluation
            </Anchor>
          ) : (
            <Text size="sm">It was left without an evaluation (abandoned or idle for 30 minutes). Start again from the scenario&apos;s page.</Text>
          )}
        </Alert>
      )}

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <Paper withBorder p="md">
              <Group justify="space-between" wrap="wrap" gap="sm">
                <Stack gap={0}>
                  <Text size="xs" c="dimmed" id="call-timer-label">
                    Call time
                  </Text>
                  <Text fw={700} size="xl" role="timer" aria-labelledby="call-timer-label" ff="monospace">
                    {formatClock(seconds)}
                  </Text>
                </Stack>
                <Text size="sm" role="status">
                  {!active
                    ? "Call ended"
                    : say.isPending
                      ? `${coachName} is thinking…`
                      : synth.speaking
                        ? `${coachName} is speaking…`
                        : recognition.listening
                          ? "Listening… speak now"
                          : muted && !serverStt
                            ? "Microphone off: type what you would say"
                            : "Your turn"}
                </Text>
                {active && (
                  <Group gap="xs">
                    {!recognitionMissing && (
                      <Button variant={muted ? "filled" : "default"} onClick={() => setMuted((m) => !m)} aria-pressed={muted}>
                        {muted ? "Turn microphone on" : "Mute microphone"}
                      </Button>
                    )}
                    {lastAi && speechSynthesisAvailable() && (
                      <Button variant="default" onClick={() => (synth.speaking ? synth.stop() : synth.speak(lastAi.text))}>
                        {synth.speaking ? "Stop speaking" : "Repeat"}
                      </Button>
                    )}
                    <Button color="red" onClick={() => setConfirming(true)} disabled={!lines.some((l) => l.speaker === "user") || say.isPending}>
                      End call
                    </Button>
                  </Group>
                )}
              </Group>
            </Paper>

            <CallRecordingPanel rec={recording} onAccept={() => setMuted(false)} onContinue={toReport} />
            {active && serverStt && (
              <ServerSpeech
                sessionId={session.id}
                busy={say.isPending}
                onStart={synth.stop}
                onUtterance={async (u) => {
                  if (!(await sendUtterance(u))) setTyped(u.text);
                }}
              />
            )}
            {active && recognitionMissing && !serverStt && (
              <Alert color="blue" variant="light" title="Speech recognition is not available in this browser">
                Type what you would say below; {coachName} still answers aloud. Chrome, Edge and Safari can recognise speech.
              </Alert>
            )}
            {active && recognition.problem && (
              <Alert color="orange" variant="light" title="Your microphone cannot be used" role="alert">
                {recognition.problem}
              </Alert>
            )}
            {active && !recognitionMissing && (
              <Text size="xs" c="dimmed">
                Privacy: speech recognition is done by your browser, which may send your audio to its vendor&apos;s service (Google for Chrome, Microsoft for Edge,
                Apple for Safari) to turn it into text. HireXp receives only the text. Mute the microphone and type if you prefer.
              </Text>
            )}

            <Paper withBorder p="md" component="section" aria-labelledby="transcript-heading">
              <Title order={2} size="h4" mb="sm" id="transcript-heading">
                Live transcript
              </Title>
              <Stack gap="xs" role="log" aria-label="Call transcript">
                {lines.map((l) => (
                  <div key={l.id}>
                    <Text size="sm">
                      <strong>{l.speaker === "user" ? "You" : coachName}:</strong> {l.text}
                    </Text>
                    {l.notice && (
                      <Text size="xs" c="orange.9">
                        ⚠ {l.notice}
                      </Text>
                    )}
                  </div>
                ))}
                {recognition.interim && (
                  <Text size="sm" c="dimmed" fs="italic" aria-hidden>
                    You: {recognition.interim}…
                  </Text>
                )}
              </Stack>
            </Paper>

            {error && (
              <Alert color="red" variant="light" title="That was not sent" role="alert" withCloseButton onClose={() => setError(null)} closeButtonLabel="Dismiss">
                {error}
              </Alert>
            )}
            {active && finished && (
              <Alert color="teal" variant="light" title="The call is complete">
                {coachName} has wrapped up. End the call to see your evaluation.
              </Alert>
            )}
            {active && (
              <form onSubmit={(e) => void submitTyped(e)}>
                <Group align="flex-end" gap="sm">
                  <TextInput
                    label="Type what you say"
                    description="Typing always works, with or without a microphone."
                    value={typed}
                    maxLength={MESSAGE_MAX}
                    onChange={(e) => {
                      if (!typed && e.currentTarget.value) typingStarted.current = Date.now();
                      setTyped(e.currentTarget.value);
                    }}
                    style={{ flex: 1 }}
                  />
                  <Button type="submit" loading={say.isPending} disabled={!typed.trim()}>
                    Say it
                  </Button>
                </Group>
              </form>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <Card withBorder padding="md" component="section" aria-labelledby="goals-heading">
              <Title order={2} size="h4" mb="xs" id="goals-heading">
                Goals
              </Title>
              {scenario ? <GoalsChecklist goals={scenario.goals} covered={covered} /> : <Text size="sm">The scenario is no longer available.</Text>}
            </Card>
            {scenario && (
              <Card withBorder padding="md" component="section" aria-labelledby="brief-heading">
                <Title order={2} size="h4" mb="xs" id="brief-heading">
                  The situation
                </Title>
                <Text size="sm" style={{ whiteSpace: "pre-line" }}>
                  {scenario.brief}
                </Text>
              </Card>
            )}
          </Stack>
        </Grid.Col>
      </Grid>

      <ConfirmModal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="End this call?"
        confirmLabel="End and evaluate"
        color="cyan"
        loading={end.isPending}
        error={end.error ? errorMessage(end.error) : null}
        onConfirm={() => end.mutate({ sessionId: session.id })}
      >
        Your evaluation is based on what you said so far, including your pace.
      </ConfirmModal>
    </Stack>
  );
}
