// <CoachPreview type title data />: try a scenario draft (saved or not) with the embedded coach,
// as a trainee would: a chat box (messages announced as they arrive), the goals ticking as the
// test answers cover them, and a restart. Self-contained: it calls content.previewReply with the
// draft as it is now, so an edit shows up from the next message on.
import { Alert, Badge, Box, Button, Group, List, Paper, Stack, Text, Textarea, Title, VisuallyHidden } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { PREVIEW_MAX_TEXT, PREVIEW_MAX_TURNS } from "../../../shared/schemas/coach.ts";
import { errorData, errorMessage, trpc } from "../../lib/trpc.ts";

export type CoachPreviewProps = {
  type: "CHAT_SCENARIO" | "CALL_SCENARIO";
  title: string;
  /** The scenario's `data` as the editor holds it (checked on the server). */
  data: unknown;
};

type Turn = { role: "coach" | "trainee"; text: string };

/** The draft's goals, as far as they can be read while it is being edited. */
function goalsOf(data: unknown): { id: string; description: string }[] {
  const goals = (data as { goals?: unknown } | null)?.goals;
  if (!Array.isArray(goals)) return [];
  return goals.flatMap((g) => {
    const { id, description } = (g ?? {}) as { id?: unknown; description?: unknown };
    return typeof id === "string" && id ? [{ id, description: typeof description === "string" && description ? description : id }] : [];
  });
}

/** The server's complaints about the draft, one line each (at most five). */
function draftProblems(error: unknown): string[] {
  const fe = errorData(error)?.fieldErrors;
  if (!fe) return [];
  const lines = Object.entries(fe)
    .filter(([field]) => field.includes("."))
    .map(([field, messages]) => `${field.replace(/^data\./, "")}: ${messages?.[0] ?? ""}`);
  return [...new Set(lines)].slice(0, 5);
}

export function CoachPreview({ type, title, data }: CoachPreviewProps) {
  const [turns, setTurns] = useState<Turn[]>([]);
  const [covered, setCovered] = useState<string[]>([]);
  const [finished, setFinished] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [draft, setDraft] = useState("");
  const [started, setStarted] = useState(false);
  const preview = useMutation(trpc.content.previewReply.mutationOptions());
  const listRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const headingId = useId();
  const goals = goalsOf(data);
  const full = turns.length >= PREVIEW_MAX_TURNS - 1;

  useEffect(() => {
    const el = listRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [turns.length, preview.isPending]);

  const ask = (next: Turn[], onError?: () => void) => {
    preview.mutate(
      { type, title: title.trim() || "Untitled draft", data, turns: next },
      {
        onSuccess: (r) => {
          setTurns([...next, { role: "coach", text: r.reply }]);
          setCovered(r.coveredGoals);
          setFinished(r.finished);
          setNotice(r.notice ?? null);
          setStarted(true);
          inputRef.current?.focus();
        },
        onError,
      },
    );
  };

  const restart = () => {
    preview.reset();
    setTurns([]);
    setCovered([]);
    setFinished(false);
    setNotice(null);
    setDraft("");
    ask([]);
  };

  const send = () => {
    const text = draft.trim();
    if (!text || preview.isPending || finished || full) return;
    const before = turns;
    const next: Turn[] = [...turns, { role: "trainee", text }];
    setTurns(next);
    setDraft("");
    // On failure the message goes back into the box, to send again.
    ask(next, () => {
      setTurns(before);
      setDraft(text);
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  };

  const problems = preview.isError ? draftProblems(preview.error) : [];

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Title order={3} size="h4" id={headingId}>
            Try it as a trainee
          </Title>
          {started && (
            <Button size="xs" variant="default" onClick={restart} disabled={preview.isPending}>
              Restart
            </Button>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          The built-in coach plays your script as it is now. Nothing is saved.
        </Text>

        {goals.length > 0 && (
          <Box>
            <Text size="sm" fw={600} id={`${headingId}-goals`}>
              Goals covered
            </Text>
            <List size="sm" listStyleType="none" spacing={2} aria-labelledby={`${headingId}-goals`}>
              {goals.map((g) => {
                const done = covered.includes(g.id);
                return (
                  <List.Item key={g.id}>
                    <Text span size="sm" c={done ? "teal.8" : "dimmed"} aria-hidden>
                      {done ? "✓ " : "○ "}
                    </Text>
                    <Text span size="sm">
                      {g.description}
                    </Text>
                    <VisuallyHidden>{done ? " (covered)" : " (not covered yet)"}</VisuallyHidden>
                  </List.Item>
                );
              })}
            </List>
          </Box>
        )}

        <Box
          ref={listRef}
          role="log"
          aria-live="polite"
          aria-label="Preview conversation"
          // Focusable, so the conversation can be scrolled with the keyboard.
          tabIndex={0}
          mah={360}
          style={{ overflowY: "auto", borderRadius: "var(--mantine-radius-sm)", background: "var(--mantine-color-gray-0)" }}
          p="xs"
        >
          <Stack gap="xs">
            {turns.length === 0 && !preview.isPending && (
              <Text size="sm" c="dimmed">
                Start the preview to see the opening line, then answer as a trainee would.
              </Text>
            )}
            {turns.map((t, i) => (
              <Group key={i} justify={t.role === "coach" ? "flex-start" : "flex-end"}>
                <Paper
                  p="xs"
                  radius="md"
                  maw="85%"
                  bg={t.role === "coach" ? "white" : "blue.0"}
                  withBorder={t.role === "coach"}
                >
                  <VisuallyHidden>{t.role === "coach" ? "Coach: " : "You: "}</VisuallyHidden>
                  <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                    {t.text}
                  </Text>
                </Paper>
              </Group>
            ))}
            {preview.isPending && (
              <Text size="sm" c="dimmed">
                The coach is typing…
              </Text>
            )}
          </Stack>
        </Box>

        {notice && (
          <Alert color="yellow" variant="light">
            {notice}
          </Alert>
        )}
        {preview.isError && (
          <Alert color="red" variant="light" role="alert" title={problems.length ? "Fix the draft to preview it" : "The preview did not answer"}>
            {problems.length ? (
              <List size="sm">
                {problems.map((p) => (
                  <List.Item key={p}>{p}</List.Item>
                ))}
              </List>
            ) : (
              <Text size="sm">{errorMessage(preview.error)}</Text>
            )}
          </Alert>
        )}

        {!started ? (
          <Group>
            <Button onClick={restart} loading={preview.isPending}>
              Start preview
            </Button>
          </Group>
        ) : finished ? (
          <Group justify="space-between">
            <Badge color="teal" variant="light">
              The script is finished
            </Badge>
            <Button size="xs" onClick={restart}>
              Start again
            </Button>
          </Group>
        ) : (
          <Stack gap={6}>
            <Textarea
              ref={inputRef}
              label="Your answer"
              description={full ? "The preview is full: restart it to go on." : "Enter sends, Shift+Enter starts a new line."}
              value={draft}
              onChange={(e) => setDraft(e.currentTarget.value)}
              onKeyDown={onKeyDown}
              autosize
              minRows={2}
              maxRows={6}
              maxLength={PREVIEW_MAX_TEXT}
              disabled={full}
            />
            <Group justify="flex-end">
              <Button onClick={send} loading={preview.isPending} disabled={!draft.trim() || full}>
                Send
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
