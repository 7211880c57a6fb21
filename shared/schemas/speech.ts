// Server-side speech-to-text for calls (POST /api/practice/calls/:sessionId/transcribe), shared
// by the route and the call page's recorder.

/** The largest recording the transcribe route accepts (5 MB: a minute of speech is far less in any format the browser records). */
export const TRANSCRIBE_MAX_BYTES = 5 * 1024 * 1024;
/** The call page stops a recording after this long (one utterance). */
export const RECORDING_MAX_MS = 60_000;

/** The transcribe route of a call session. */
export const transcribePath = (sessionId: string) => `/api/practice/calls/${encodeURIComponent(sessionId)}/transcribe`;

/** What the transcribe route answers: the recognised text (empty when nothing was recognised). */
export type TranscribeResult = { text: string };
