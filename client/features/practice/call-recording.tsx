// Optional recording of the trainee's side of a call. Off by default and asked each time: the
// call page shows "Record your side of this call?" (No is the default — nothing is recorded
// unless the trainee says yes). When yes, the browser records the microphone with MediaRecorder
// for the rest of the call (silence while the microphone is muted) and uploads the audio once,
// right after the call ended (PUT /api/practice/calls/:id/recording, server/routes/call-recording.ts).
// If the upload fails the trainee can retry or go on without it. A reload during the call
// loses what was recorded so far (the audio lives in the page until the end): the question is
// asked again.
import { useCallback, useEffect, useRef, useState } from "react";
import { Alert, Badge, Button, Card, Group, Stack, Text } from "@mantine/core";

const MAX_BYTES = 50 * 1024 * 1024; // the server's limit (RECORDING_MAX_BYTES)
/** Types the server accepts, in order of preference; the first the browser can record is used. */
const TYPES = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/mp4"];

type Choice = "ask" | "no" | "yes";
export type CallRecording = ReturnType<typeof useCallRecording>;

export function recordingSupported(): boolean {
  return typeof window !== "undefined" && typeof window.MediaRecorder !== "undefined" && !!navigator.mediaDevices?.getUserMedia;
}

/**
 * The recorder of one call. `active`: the call is on; `paused`: the microphone is muted (the
 * track is disabled, so the recording keeps the call's timeline with silence).
 */
export function useCallRecording({ sessionId, active, paused, alreadyRecorded }: { sessionId: string; active: boolean; paused: boolean; alreadyRecorded: boolean }) {
  const [choice, setChoice] = useState<Choice>(alreadyRecorded || !active || !recordingSupported() ? "no" : "ask");
  const [recording, setRecording] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [uploadFailed, setUploadFailed] = useState(false);
  const [uploading, setUploading] = useState(false);
  const recorder = useRef<MediaRecorder | null>(null);
  const stream = useRef<MediaStream | null>(null);
  const chunks = useRef<Blob[]>([]);
  const blob = useRef<Blob | null>(null);

  const release = useCallback(() => {
    stream.current?.getTracks().forEach((t) => t.stop());
    stream.current = null;
  }, []);
  useEffect(() => () => {
    if (recorder.current?.state !== "inactive") recorder.current?.stop();
    release();
  }, [release]);

  useEffect(() => {
    stream.current?.getAudioTracks().forEach((t) => (t.enabled = !paused));
  }, [paused, recording]);

  const accept = async () => {
    setChoice("yes");
    setProblem(null);
    try {
      const s = await navigator.mediaDevices.getUserMedia({ audio: true });
      const mimeType = TYPES.find((t) => MediaRecorder.isTypeSupported(t));
      const r = new MediaRecorder(s, { ...(mimeType ? { mimeType } : {}), audioBitsPerSecond: 32_000 });
      r.ondataavailable = (e) => {
        if (e.data.size > 0) chunks.current.push(e.data);
      };
      stream.current = s;
      recorder.current = r;
      r.start(1000);
      setRecording(true);
    } catch {
      release();
      setChoice("no");
      setProblem("Your microphone could not be recorded (access refused or no microphone). The call goes on without a recording.");
    }
  };

  const decline = () => setChoice("no");

  /** Stops the recorder and gives its audio (null when nothing was recorded). */
  const stop = (): Promise<Blob | null> =>
    new Promise((resolve) => {
      const r = recorder.current;
      if (!r) return resolve(null);
      const done = () => {
        release();
        setRecording(false);
        recorder.current = null;
        const type = (r.mimeType || "audio/webm").split(";")[0]!;
        resolve(chunks.current.length ? new Blob(chunks.current, { type }) : null);
      };
      if (r.state === "inactive") return done();
      r.onstop = done;
      r.stop();
    });

  const upload = async (audio: Blob): Promise<boolean> => {
    if (audio.size > MAX_BYTES) {
      setProblem("This recording is larger than 50 MB and cannot be kept. Your evaluation is not affected.");
      return true;
    }
    setUploading(true);
    try {
      const res = await fetch(`/api/practice/calls/${encodeURIComponent(sessionId)}/recording`, {
        method: "PUT",
        body: audio,
        headers: { "content-type": audio.type },
        credentials: "same-origin",
      });
      // 409: already stored (e.g. a retry after an answer that was lost) — nothing to redo.
      if (res.ok || res.status === 409) return true;
      const body = (await res.json().catch(() => null)) as { error?: string } | null;
      setProblem(body?.error ?? "The recording could not be saved.");
      return false;
    } catch {
      setProblem("The recording could not be sent (no connection).");
      return false;
    } finally {
      setUploading(false);
    }
  };

  /** After practice.call.end: stops and uploads. False when the upload failed (offer retry / continue). */
  const finish = async (): Promise<boolean> => {
    if (choice !== "yes") return true;
    blob.current = blob.current ?? (await stop());
    if (!blob.current) return true;
    const ok = await upload(blob.current);
    setUploadFailed(!ok);
    if (ok) blob.current = null;
    return ok;
  };

  return { choice, recording, problem, uploading, uploadFailed, accept, decline, finish };
}

/** The question at the start of the call, the "recording" indicator, and upload problems. */
export function CallRecordingPanel({ rec, onAccept, onContinue }: { rec: CallRecording; onAccept?: () => void; onContinue: () => void }) {
  return (
    <>
      {rec.choice === "ask" && (
        <Card withBorder padding="md" component="section" aria-labelledby="record-question">
          <Stack gap="xs">
            <Text fw={600} id="record-question">
              Record your side of this call?
            </Text>
            <Text size="sm" c="dimmed">
              Only your microphone is recorded (nothing while you mute it). The recording is kept on HireXp&apos;s server for you to listen to with your evaluation; site
              administrators can hear it too. It is deleted automatically after a while, and with your account.
            </Text>
            <Group gap="sm">
              <Button variant="default" onClick={rec.decline} data-autofocus autoFocus>
                No, don&apos;t record
              </Button>
              <Button
                onClick={() => {
                  onAccept?.();
                  void rec.accept();
                }}
              >
                Yes, record
              </Button>
            </Group>
          </Stack>
        </Card>
      )}
      {rec.recording && (
        <Group gap="xs">
          <Badge color="red" variant="light" leftSection="●">
            Recording your side
          </Badge>
        </Group>
      )}
      {rec.problem && !rec.uploadFailed && (
        <Alert color="orange" variant="light" title="Recording" role="status">
          {rec.problem}
        </Alert>
      )}
      {rec.uploadFailed && (
        <Alert color="red" variant="light" title="Your recording was not saved" role="alert">
          <Stack gap="xs">
            <Text size="sm">{rec.problem} Your call has ended and its evaluation is ready.</Text>
            <Group gap="sm">
              <Button
                size="xs"
                loading={rec.uploading}
                onClick={() =>
                  void rec.finish().then((ok) => {
                    if (ok) onContinue();
                  })
                }
              >
                Try again
              </Button>
              <Button size="xs" variant="default" onClick={onContinue}>
                Continue without it
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
    </>
  );
}

/** The report's player for a call's recording (served to its owner and admins only). */
export function RecordingPlayer({ url }: { url: string }) {
  return (
    <Stack gap={4} data-print-hide>
      <Text size="sm" fw={600} id="recording-label">
        Your recording
      </Text>
      <audio controls preload="metadata" src={url} aria-labelledby="recording-label" style={{ width: "100%" }}>
        <a href={url}>Download your recording</a>
      </audio>
      <Text size="xs" c="dimmed">
        Your side of the call, as your microphone heard it. Deleted automatically after the retention period set for this site.
      </Text>
    </Stack>
  );
}
