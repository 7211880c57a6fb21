// /practice/chat/:sessionId — a chat with the coach. The conversation is loaded from the server
// (so a reload continues the session), the coach's reply streams in word by word, the goals
// tick as they are covered, and End (after a confirmation) scores the session and opens the report.
import { useEffect, useState } from "react";
import { Alert, Anchor, Badge, Button, Card, Container, Grid, Group, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, Navigate, useNavigate, useParams } from "react-router";
import type { TraineeScenario } from "../../../shared/schemas/content.ts";
import { MESSAGE_MAX } from "../../../shared/schemas/practice.ts";
import { ConfirmModal } from "../../components/confirm-modal.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths, practiceCallPath, practiceItemPath, practiceReportPath } from "../../lib/paths.ts";
import { appCodeOf, errorMessage, trpc, trpcClient } from "../../lib/trpc.ts";
import { ChatConversation, type ConversationMessage } from "./chat-conversation.tsx";
import { GoalsChecklist } from "./goals-checklist.tsx";
import type { SessionDetail } from "./session-text.ts";

type Message = NonNullable<SessionDetail["messages"]>[number];
const toBubble = (m: Message): ConversationMessage => ({ id: m.id, role: m.role === "USER" ? "trainee" : "coach", text: m.content, notice: m.notice });

export function ChatPage() {
  const { sessionId = "" } = useParams();
  const session = useQuery({ ...trpc.practice.sessions.get.queryOptions({ sessionId }), retry: false, staleTime: Infinity, refetchOnWindowFocus: false });
  usePageTitle(session.data?.title ?? "Chat practice");
  return (
    <Container size="lg" px={0}>
      {session.isPending ? (
        <PageLoader label="Opening the conversation…" />
      ) : session.isError ? (
        <Stack gap="md">
          <Title order={1}>This conversation is not available</Title>
          <QueryError error={session.error} title="We could not open it" />
          <Anchor component={Link} to={paths.practiceHistory}>
            Your practice history
          </Anchor>
        </Stack>
      ) : session.data.type === "CALL" ? (
        <Navigate to={practiceCallPath(session.data.id)} replace />
      ) : (
        <ChatSession session={session.data} />
      )}
    </Container>
  );
}

function ChatSession({ session }: { session: SessionDetail }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const scenario = session.scenario?.data as TraineeScenario | undefined;
  const coachName = scenario?.persona.name ?? "Coach";
  const [messages, setMessages] = useState<ConversationMessage[]>(() => (session.messages ?? []).map(toBubble));
  const [covered, setCovered] = useState<string[]>(session.coveredGoalIds);
  const [finished, setFinished] = useState(session.finished);
  const [streaming, setStreaming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState(session.status);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => setStatus(session.status), [session.status]);

  const end = useMutation(
    trpc.practice.chat.end.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.practice.sessions.pathKey() });
        void navigate(practiceReportPath(session.id));
      },
    }),
  );

  const send = async (text: string): Promise<boolean> => {
    setError(null);
    const pendingId = `pending-${Date.now()}`;
    setMessages((ms) => [...ms, { id: pendingId, role: "trainee", text }]);
    setStreaming("");
    try {
      const events = await trpcClient.practice.chat.sendStream.mutate({ sessionId: session.id, content: text });
      for await (const e of events) {
        if (e.type === "message") setMessages((ms) => ms.map((m) => (m.id === pendingId ? toBubble(e.message) : m)));
        else if (e.type === "chunk") setStreaming((s) => (s ?? "") + e.text);
        else {
          setMessages((ms) => [...ms, toBubble(e.reply)]);
          setCovered(e.reply.coveredGoalIds);
          setFinished(e.reply.finished);
        }
      }
      return true;
    } catch (err) {
      setMessages((ms) => ms.filter((m) => m.id !== pendingId));
      setError(errorMessage(err));
      if (appCodeOf(err) === "SESSION_ENDED") {
        setStatus("ABANDONED");
        void queryClient.invalidateQueries({ queryKey: trpc.practice.sessions.get.queryKey({ sessionId: session.id }) });
      }
      return false;
    } finally {
      setStreaming(null);
    }
  };

  const active = status === "ACTIVE";
  const saidSomething = messages.some((m) => m.role === "trainee" && !m.id.startsWith("pending-"));

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        {session.contentId && (
          <Anchor component={Link} to={practiceItemPath(session.contentId)} size="sm">
            ← About this scenario
          </Anchor>
        )}
        <Group gap="xs">
          <Badge variant="light">Chat practice</Badge>
          {!active && <Badge color="gray">{status === "COMPLETED" ? "Ended" : "Abandoned"}</Badge>}
        </Group>
        <Title order={1}>{session.title}</Title>
        {scenario && (
          <Text c="dimmed" size="sm">
            With {scenario.persona.name}, {scenario.persona.role}
            {scenario.persona.company ? ` at ${scenario.persona.company}` : ""}
          </Text>
        )}
      </Stack>

      {!active && (
        <Alert color={session.evaluation ? "teal" : "gray"} title="This conversation has ended">
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
          <Stack gap="sm">
            {error && (
              <Alert color="red" variant="light" title="Your message was not sent" role="alert" withCloseButton onClose={() => setError(null)} closeButtonLabel="Dismiss">
                {error}
              </Alert>
            )}
            <ChatConversation
              messages={messages}
              coachName={coachName}
              streamingText={streaming}
              onSend={active ? send : undefined}
              closedReason={active ? null : "No more messages can be sent in this conversation."}
              maxLength={MESSAGE_MAX}
            />
            {active && finished && (
              <Alert color="teal" variant="light" title="The conversation is complete">
                {coachName} has wrapped up. End the session to see your evaluation.
              </Alert>
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
              <Text size="xs" c="dimmed" mt="sm">
                {covered.length} of {scenario?.goals.length ?? 0} covered
              </Text>
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
            {active && (
              <Button color="red" variant="light" onClick={() => setConfirming(true)} disabled={!saidSomething || streaming !== null}>
                End and see my evaluation
              </Button>
            )}
            {active && !saidSomething && (
              <Text size="xs" c="dimmed">
                Say something to {coachName} first: there is nothing to evaluate yet.
              </Text>
            )}
          </Stack>
        </Grid.Col>
      </Grid>

      <ConfirmModal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="End this conversation?"
        confirmLabel="End and evaluate"
        color="cyan"
        loading={end.isPending}
        error={end.error ? errorMessage(end.error) : null}
        onConfirm={() => end.mutate({ sessionId: session.id })}
      >
        {`You will not be able to send more messages. Your evaluation is based on what you said so far (${covered.length} of ${scenario?.goals.length ?? 0} goals covered).`}
      </ConfirmModal>
    </Stack>
  );
}
