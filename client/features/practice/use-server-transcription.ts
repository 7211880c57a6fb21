// Speaking in a call with server-side speech-to-text (when the server has STT_BASE_URL): the
// browser records one utterance with MediaRecorder, uploads it to
// POST /api/practice/calls/:sessionId/transcribe, and hands the text on with the recording's
// start and end times (this device's clock), to be sent like any other utterance
// (practice.call.say). The microphone is opened for each recording and released right after it,
// so the browser's "in use" indicator is on only while recording.
import { useCallback, useEffect, useRef, useState } from "react";
import { RECORDING_MAX_MS, transcribePath, type TranscribeResult } from "../../../shared/schemas/speech.ts";
import type { Utterance } from "./speech.ts";

/** Types to ask MediaRecorder for, best first (all accepted by the transcribe route). */
const RECORDING_TYPES = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/ogg", "audio/mp4"];

export const audioRecordingAvailable = () =>
  typeof window !== "undefined" && typeof window.MediaRecorder !== "undefined" && typeof navigator.mediaDevices?.getUserMedia === "function";

function recordingType(): string | undefined {
  return RECORDING_TYPES.find((t) => MediaRecorder.isTypeSupported(t));
}

/** Why the microphone could not be opened, in words for the trainee. */
function microphoneProblem(error: unknown): string {
  const name = error instanceof DOMException ? error.name : "";
  if (name === "NotAllowedError" || name === "SecurityError") {
    return "The microphone is blocked for this site, so you cannot record. Allow it in the browser's site settings, or type what you would say.";
  }
  if (name === "NotFoundError" || name === "OverconstrainedError") return "No microphone was found. Connect one, or type what you would say.";
  if (name === "NotReadableError") return "The microphone is in use by another application. Close it, or type what you would say.";
  return "Recording could not start. Type what you would say, or try again.";
}

export type RecorderState = "idle" | "starting" | "recording" | "transcribing";

/**
 * start() opens the microphone and records; stop() ends the recording and transcribes it, then
 * calls `onUtterance` (whose promise is awaited). A recording stops by itself after
 * RECORDING_MAX_MS. `problem` says why the last attempt failed (microphone, upload, nothing heard).
 */
export function useServerTranscription({ sessionId, onUtterance }: { sessionId: string; onUtterance: (u: Utterance) => Promise<unknown> }) {
  const [state, setState] = useState<RecorderState>("idle");
  const [problem, setProblem] = useState<string | null>(null);
  const [elapsedMs, setElapsedMs] = useState(0);
  const recorder = useRef<MediaRecorder | null>(null);
  const discard = useRef(false);
  const callback = useRef(onUtterance);
  callback.current = onUtterance;

  const transcribe = useCallback(
    async (blob: Blob, startedAt: number, endedAt: number) => {
      setState("transcribing");
      try {
        const res = await fetch(transcribePath(sessionId), {
          method: "POST",
          headers: { "content-type": blob.type || "audio/webm" },
          body: blob,
          credentials: "same-origin",
        });
        const body = (await res.json().catch(() => null)) as (Partial<TranscribeResult> & { error?: string }) | null;
        if (!res.ok || typeof body?.text !== "string") {
          setProblem(body?.error ?? "The recording could not be transcribed. Type what you would say, or try again.");
          return;
        }
        if (!body.text.trim()) {
          setProblem("Nothing was recognised in that recording. Speak a little closer to the microphone and try again, or type what you would say.");
          return;
        }
        await callback.current({ text: body.text.trim(), startedAt, endedAt });
      } catch {
        setProblem("We could not reach HireXp to transcribe the recording. Check your connection, or type what you would say.");
      } finally {
        setState("idle");
      }
    },
    [sessionId],
  );

  const start = useCallback(async () => {
    if (recorder.current || !audioRecordingAvailable()) return;
    setProblem(null);
    setState("starting");
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
    } catch (e) {
      setProblem(microphoneProblem(e));
      setState("idle");
      return;
    }
    const type = recordingType();
    const rec = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
    const chunks: Blob[] = [];
    let startedAt = Date.now();
    discard.current = false;
    rec.ondataavailable = (e) => {
      if (e.data.size > 0) chunks.push(e.data);
    };
    rec.onstart = () => {
      startedAt = Date.now();
      setElapsedMs(0);
      setState("recording");
    };
    rec.onstop = () => {
      const endedAt = Date.now();
      for (const track of stream.getTracks()) track.stop();
      recorder.current = null;
      if (discard.current) return;
      void transcribe(new Blob(chunks, { type: rec.mimeType || type || "audio/webm" }), startedAt, endedAt);
    };
    rec.onerror = () => {
      discard.current = true;
      setProblem("Recording stopped unexpectedly. Type what you would say, or try again.");
      setState("idle");
      if (rec.state !== "inactive") rec.stop();
    };
    recorder.current = rec;
    rec.start();
  }, [transcribe]);

  const stop = useCallback(() => {
    const rec = recorder.current;
    if (rec && rec.state !== "inactive") rec.stop();
  }, []);

  // The clock on the stop button, and the automatic stop at RECORDING_MAX_MS.
  useEffect(() => {
    if (state !== "recording") return;
    const from = Date.now();
    const tick = setInterval(() => {
      const ms = Date.now() - from;
      setElapsedMs(ms);
      if (ms >= RECORDING_MAX_MS) stop();
    }, 250);
    return () => clearInterval(tick);
  }, [state, stop]);

  // Leaving the page: stop recording, send nothing, release the microphone.
  useEffect(
    () => () => {
      discard.current = true;
      const rec = recorder.current;
      if (rec && rec.state !== "inactive") rec.stop();
    },
    [],
  );

  return { state, problem, elapsedMs, start, stop, clearProblem: () => setProblem(null) };
}
