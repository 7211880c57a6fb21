// The call page's controls for server-side speech-to-text (STT_BASE_URL is set): one button
// records an utterance and, pressed again, stops and sends it to be transcribed; the text is
// then said in the call like a typed line. Works from the keyboard (Tab to the button, Enter or
// Space to start and to stop). Shown instead of the browser's speech recognition.
import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { RECORDING_MAX_MS } from "../../../shared/schemas/speech.ts";
import { formatClock } from "./session-text.ts";
import type { Utterance } from "./speech.ts";
import { audioRecordingAvailable, useServerTranscription } from "./use-server-transcription.ts";

export function ServerSpeech({
  sessionId,
  busy,
  onStart,
  onUtterance,
}: {
  sessionId: string;
  /** A reply is on its way: no new recording until it is in. */
  busy: boolean;
  /** Called when recording starts (e.g. to stop the coach speaking over the trainee). */
  onStart?: () => void;
  onUtterance: (u: Utterance) => Promise<unknown>;
}) {
  const rec = useServerTranscription({ sessionId, onUtterance });
  if (!audioRecordingAvailable()) {
    return (
      <Alert color="blue" variant="light" title="This browser cannot record audio">
        Type what you would say below.
      </Alert>
    );
  }
  const recording = rec.state === "recording";
  const seconds = Math.floor(rec.elapsedMs / 1000);
  return (
    <Stack gap="xs">
      <Group gap="sm" align="center">
        <Button
          color={recording ? "red" : "cyan"}
          variant={recording ? "filled" : "light"}
          aria-pressed={recording}
          loading={rec.state === "starting" || rec.state === "transcribing"}
          disabled={!recording && busy}
          onClick={() => {
            if (recording) rec.stop();
            else {
              onStart?.();
              void rec.start();
            }
          }}
        >
          {recording ? `Stop and send (${formatClock(seconds)})` : "Record what you say"}
        </Button>
        <Text size="sm" role="status">
          {rec.state === "recording"
            ? `Recording… press the button again when you have finished (at most ${RECORDING_MAX_MS / 1000} seconds).`
            : rec.state === "transcribing"
              ? "Transcribing…"
              : rec.state === "starting"
                ? "Opening the microphone…"
                : ""}
        </Text>
      </Group>
      {rec.problem && (
        <Alert color="orange" variant="light" title="That recording was not sent" role="alert" withCloseButton onClose={rec.clearProblem} closeButtonLabel="Dismiss">
          {rec.problem}
        </Alert>
      )}
      <Text size="xs" c="dimmed">
        Privacy: your recording is sent to the transcription server your organisation set up for HireXp, not to your browser vendor&apos;s speech service, and
        HireXp keeps only the text. Type instead if you prefer.
      </Text>
    </Stack>
  );
}
