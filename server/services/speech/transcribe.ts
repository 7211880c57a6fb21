// Server-side speech-to-text: one recorded utterance is sent to an OpenAI-compatible
// audio-transcriptions endpoint (POST `${STT_BASE_URL}/audio/transcriptions`, multipart/form-data
// with `file`, `model` and `response_format=json`; the answer is `{"text": "…"}`). OpenAI,
// faster-whisper-server / speaches, whisper.cpp's server, LocalAI and vLLM speak it. Like
// COACH_BASE_URL, STT_BASE_URL includes the API version (`http://localhost:8000/v1`).
//
// Nothing is stored: the audio is forwarded and forgotten. Failures become AppErrors with their
// own appCode (never a 500 from our side): the server cannot be reached (STT_UNAVAILABLE), does
// not answer within the timeout (STT_TIMEOUT), is busy (STT_BUSY: its 429), fails (STT_FAILED: a
// 5xx or an answer that is not a transcription), or refuses this audio (STT_AUDIO_REJECTED: its
// 4xx). The upstream's error text is never passed on (it could echo anything), and the API key
// is only ever in the Authorization header.
import type { SttConfig } from "../../config.ts";
import { AppError } from "../errors.ts";

/** The audio types the call page may upload, with the file name extension whisper servers go by. */
export const STT_AUDIO_TYPES = {
  "audio/webm": "webm",
  "audio/ogg": "ogg",
  "audio/wav": "wav",
  "audio/x-wav": "wav",
  "audio/wave": "wav",
  "audio/mpeg": "mp3",
  "audio/mp4": "mp4",
} as const;
export type SttAudioType = keyof typeof STT_AUDIO_TYPES;

/** The media type of a Content-Type header without its parameters ("audio/webm;codecs=opus" → "audio/webm"), if we accept it. */
export function sttAudioType(contentType: string | undefined): SttAudioType | null {
  const base = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  return base in STT_AUDIO_TYPES ? (base as SttAudioType) : null;
}

const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

/**
 * Whether the bytes start like a file of this type (its magic number), so nothing but audio of
 * the declared kind is forwarded: WAV "RIFF….WAVE", WebM's EBML header, Ogg "OggS", MP3 an ID3
 * tag or an MPEG frame sync, MP4 an "ftyp" box.
 */
export function looksLikeAudio(type: SttAudioType, bytes: Uint8Array): boolean {
  if (bytes.length < 12) return false;
  switch (STT_AUDIO_TYPES[type]) {
    case "wav":
      return ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WAVE";
    case "webm":
      return bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3;
    case "ogg":
      return ascii(bytes, 0, 4) === "OggS";
    case "mp3":
      return ascii(bytes, 0, 3) === "ID3" || (bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0);
    case "mp4":
      return ascii(bytes, 4, 8) === "ftyp";
  }
}

export type SttLog = { warn(details: Record<string, unknown>, message: string): void };

const unavailable = (appCode: string, message: string) => new AppError("unavailable", appCode, message);
const TYPE_INSTEAD = " Type what you would say instead, or try again in a moment.";

/**
 * The text of one recording. `audio` is the whole file as uploaded, of an accepted type.
 * `signal` aborts the upstream request (e.g. when the trainee's request goes away).
 */
export async function transcribe(
  config: SttConfig,
  audio: { bytes: Uint8Array; type: SttAudioType },
  options: { log?: SttLog; signal?: AbortSignal; language?: string } = {},
): Promise<{ text: string }> {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(audio.bytes)], { type: audio.type }), `utterance.${STT_AUDIO_TYPES[audio.type]}`);
  form.append("model", config.model);
  form.append("response_format", "json");
  if (options.language) form.append("language", options.language);
  const headers: Record<string, string> = { accept: "application/json" };
  if (config.apiKey) headers.authorization = `Bearer ${config.apiKey}`;
  const timeout = AbortSignal.timeout(config.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const warn = (details: Record<string, unknown>) => options.log?.warn({ stt: true, ...details }, "speech-to-text: the transcription server failed");

  let res: Response;
  let body: string;
  try {
    res = await fetch(`${config.baseURL}/audio/transcriptions`, { method: "POST", headers, body: form, signal });
    body = await res.text();
  } catch (e) {
    if (timeout.aborted) {
      warn({ kind: "timeout", timeoutMs: config.timeoutMs });
      throw unavailable("STT_TIMEOUT", `The transcription server did not answer within ${Math.round(config.timeoutMs / 1000)} seconds.${TYPE_INSTEAD}`);
    }
    if (options.signal?.aborted) throw unavailable("STT_CANCELLED", "The transcription was cancelled.");
    warn({ kind: "network", code: (e as { cause?: { code?: string } }).cause?.code ?? null });
    throw unavailable("STT_UNAVAILABLE", `The transcription server could not be reached.${TYPE_INSTEAD}`);
  }
  if (!res.ok) {
    warn({ kind: "status", status: res.status });
    if (res.status === 429) throw unavailable("STT_BUSY", `The transcription server is busy.${TYPE_INSTEAD}`);
    if (res.status === 400 || res.status === 413 || res.status === 415 || res.status === 422) {
      throw new AppError("invalid", "STT_AUDIO_REJECTED", "The transcription server could not use this recording. Try recording again, or type what you would say.");
    }
    throw unavailable("STT_FAILED", `The transcription server failed (status ${res.status}).${TYPE_INSTEAD}`);
  }
  let text: unknown;
  try {
    text = (JSON.parse(body) as { text?: unknown }).text;
  } catch {
    text = undefined;
  }
  if (typeof text !== "string") {
    warn({ kind: "answer", status: res.status });
    throw unavailable("STT_FAILED", `The transcription server sent an answer that is not a transcription.${TYPE_INSTEAD}`);
  }
  return { text: text.replace(/\s+/g, " ").trim() };
}
