// The scenario page's Start button (chat or call with the coach) and the trainee's past
// attempts at this scenario with their scores. Only trainees practise; others see why not.
import { Alert, Anchor, Button, Card, Group, List, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "react-router";
import { canCall } from "../../../shared/access.ts";
import { useCurrentUser } from "../../lib/auth.ts";
import { formatDateTime } from "../../lib/format.ts";
import { paths, practiceCallPath, practiceChatPath } from "../../lib/paths.ts";
import { errorMessage, trpc } from "../../lib/trpc.ts";
import { sessionLink } from "./history-page.tsx";
import { scoreText, STATUS_LABELS } from "./session-text.ts";

export function StartScenario({ call }: { call: boolean }) {
  const { id: contentId = "" } = useParams();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const allowed = canCall(call ? "practice.call.start" : "practice.chat.start", { role: me.role, adminLevel: me.adminLevel ?? null });
  const chat = useMutation(trpc.practice.chat.start.mutationOptions({ onSuccess: (r) => void navigate(practiceChatPath(r.sessionId)) }));
  const phone = useMutation(trpc.practice.call.start.mutationOptions({ onSuccess: (r) => void navigate(practiceCallPath(r.sessionId)) }));
  const start = call ? phone : chat;
  const past = useQuery({ ...trpc.practice.sessions.list.queryOptions({ contentId }), enabled: allowed });

  if (!allowed) {
    return (
      <Alert variant="light" color="blue" title="For trainees">
        Trainee accounts practise this {call ? "call" : "chat"} with the AI coach and get an evaluation.
      </Alert>
    );
  }
  const attempts = past.data?.items ?? [];
  return (
    <Stack gap="md">
      <Card withBorder padding="md">
        <Stack gap="sm" align="flex-start">
          <Text size="sm">
            {call
              ? "A voice call: speak (where your browser can recognise speech) or type, and the coach answers aloud. Turn your sound on."
              : "A written chat: type your answers; the coach replies and the goals tick as you cover them."}
          </Text>
          <Button size="md" onClick={() => start.mutate({ contentId })} loading={start.isPending}>
            {call ? "Start the call" : "Start the chat"}
          </Button>
          {start.error && (
            <Alert color="red" variant="light" role="alert">
              {errorMessage(start.error)}
            </Alert>
          )}
        </Stack>
      </Card>
      {attempts.length > 0 && (
        <Card withBorder padding="md" component="section" aria-labelledby="past-attempts-heading">
          <Group justify="space-between" mb="xs">
            <Title order={2} size="h4" id="past-attempts-heading">
              Your past attempts
            </Title>
            <Anchor component={Link} to={paths.practiceHistory} size="sm">
              All history
            </Anchor>
          </Group>
          <List size="sm" spacing={4}>
            {attempts.slice(0, 5).map((s) => (
              <List.Item key={s.id}>
                <Anchor component={Link} to={sessionLink(s)}>
                  {formatDateTime(s.startedAt)}
                </Anchor>{" "}
                — {s.overallScore === null ? STATUS_LABELS[s.status] : `score ${scoreText(s.overallScore)}`}
              </List.Item>
            ))}
          </List>
        </Card>
      )}
    </Stack>
  );
}
