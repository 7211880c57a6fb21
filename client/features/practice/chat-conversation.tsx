// A conversation with the coach as chat bubbles, with the composer below: presentational (no
// data fetching), so the practice chat page and the studio's preview can both use it.
// The list is a live log: finished messages are announced; the reply being streamed is shown
// with a typing indicator but not announced word by word.
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { Box, Button, Group, Paper, Stack, Text, Textarea, VisuallyHidden } from "@mantine/core";
import classes from "./chat-conversation.module.css";

export type ConversationMessage = {
  id: string;
  role: "coach" | "trainee";
  text: string;
  /** Shown under a coach message, e.g. why the scripted coach answered instead of the LLM. */
  notice?: string | null;
};

export type ChatConversationProps = {
  messages: readonly ConversationMessage[];
  /** The coach's name, shown on its bubbles and in the typing indicator. */
  coachName: string;
  /** The reply as it streams in; "" while waiting for its first words; null when not replying. */
  streamingText: string | null;
  /** Sends a message; resolve to false to keep the text in the composer (e.g. it failed). Absent: read-only. */
  onSend?: (text: string) => Promise<boolean> | boolean;
  /** Why the composer is disabled (e.g. the session ended); the composer is hidden when set. */
  closedReason?: string | null;
  maxLength?: number;
};

export function ChatConversation({ messages, coachName, streamingText, onSend, closedReason, maxLength = 2000 }: ChatConversationProps) {
  const [draft, setDraft] = useState("");
  const [sending, setSending] = useState(false);
  const end = useRef<HTMLDivElement>(null);
  const replying = streamingText !== null;

  useEffect(() => {
    end.current?.scrollIntoView?.({ block: "nearest" });
  }, [messages.length, streamingText]);

  const send = async () => {
    const text = draft.trim();
    if (!onSend || !text || sending || replying) return;
    setSending(true);
    setDraft("");
    const ok = await Promise.resolve(onSend(text)).catch(() => false);
    if (ok === false) setDraft((d) => d || text);
    setSending(false);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends, Shift+Enter starts a new line (as in most chat apps).
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  };

  return (
    <Stack gap="sm">
      <Stack gap="xs" role="log" aria-label={`Conversation with ${coachName}`} className={classes.log} tabIndex={0}>
        {messages.map((m) => (
          <Bubble key={m.id} message={m} coachName={coachName} />
        ))}
        {replying && (
          <Box aria-hidden className={classes.coachRow}>
            <Paper className={classes.coach} p="sm" radius="lg">
              <Text size="xs" fw={600} c="dimmed" mb={2}>
                {coachName}
              </Text>
              {streamingText ? (
                <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                  {streamingText}
                  <span className={classes.caret} />
                </Text>
              ) : (
                <span className={classes.typing} data-testid="typing-indicator">
                  <span />
                  <span />
                  <span />
                </span>
              )}
            </Paper>
          </Box>
        )}
        <div ref={end} />
      </Stack>
      <div role="status">{replying ? <VisuallyHidden>{coachName} is replying…</VisuallyHidden> : null}</div>
      {onSend && !closedReason && (
        <Stack gap={4}>
          <Textarea
            label="Your message"
            description="Enter sends; Shift+Enter starts a new line."
            autosize
            minRows={2}
            maxRows={6}
            maxLength={maxLength}
            value={draft}
            onChange={(e) => setDraft(e.currentTarget.value)}
            onKeyDown={onKeyDown}
          />
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {draft.length}/{maxLength}
            </Text>
            <Button onClick={() => void send()} loading={sending || replying} disabled={!draft.trim()}>
              Send
            </Button>
          </Group>
        </Stack>
      )}
      {closedReason && (
        <Text size="sm" c="dimmed">
          {closedReason}
        </Text>
      )}
    </Stack>
  );
}

function Bubble({ message, coachName }: { message: ConversationMessage; coachName: string }) {
  const coach = message.role === "coach";
  return (
    <Box className={coach ? classes.coachRow : classes.traineeRow}>
      <Paper className={coach ? classes.coach : classes.trainee} p="sm" radius="lg">
        <Text size="xs" fw={600} c={coach ? "dimmed" : undefined} mb={2} className={coach ? undefined : classes.traineeName}>
          {coach ? coachName : "You"}
        </Text>
        <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
          {message.text}
        </Text>
        {message.notice && (
          <Text size="xs" mt={6} className={classes.notice}>
            ⚠ {message.notice}
          </Text>
        )}
      </Paper>
    </Box>
  );
}
