// A local HTTP server that speaks the OpenAI audio-transcriptions protocol (POST
// {base}/audio/transcriptions, multipart/form-data with `file`, `model`, `response_format`, and
// optionally `language`; answers `{"text": "…"}` for response_format json, `text` as plain text,
// and `verbose_json` with segments), for testing the server's speech-to-text without a network
// or a model. The multipart body is parsed with the Fetch API's Request.formData(), as a real
// server would. Each request is recorded (headers, fields, the uploaded file's name, type and
// bytes) and answered from a queue of scripted responses; by default the transcription is
// derived from the uploaded file by `transcriber` (tests register the audio they made).
// Binds 127.0.0.1 on a free port.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type TranscriptionScript =
  /** 200 and a transcription (default: `transcriber(file)`), sent once `until` (if given) settles. */
  | { kind: "ok"; text?: string; until?: Promise<unknown> }
  /** An error answer with this status and an OpenAI-style error body. */
  | { kind: "status"; status: number; message?: string }
  /** 200 with a body that is not a transcription. */
  | { kind: "garbage" }
  /** Never answers (the request hangs until the client gives up). */
  | { kind: "hang" };

export type UploadedFile = { name: string; type: string; bytes: Buffer };

export type TranscriptionRequest = {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The form's text fields (model, response_format, language, …). */
  fields: Record<string, string>;
  file: UploadedFile | null;
};

export type TranscriptionTestServer = {
  /** The base URL to configure (ends in /v1, like STT_BASE_URL). */
  baseURL: string;
  requests: TranscriptionRequest[];
  respond(...scripts: TranscriptionScript[]): void;
  /** How the default answer is derived from the uploaded file. */
  transcriber: (file: UploadedFile) => string;
  close(): Promise<void>;
};

const json = (res: http.ServerResponse, status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

export async function startTranscriptionServer(): Promise<TranscriptionTestServer> {
  const queue: TranscriptionScript[] = [];
  const requests: TranscriptionRequest[] = [];
  const hanging = new Set<http.ServerResponse>();
  const self: TranscriptionTestServer = {
    baseURL: "",
    requests,
    respond: (...scripts) => void queue.push(...scripts),
    transcriber: (file) => `A ${file.type || "untyped"} file of ${file.bytes.length} bytes.`,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (b: Buffer) => parts.push(b));
    req.on("end", () => {
      void (async () => {
        const path = new URL(req.url ?? "/", "http://x").pathname;
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
        const recorded: TranscriptionRequest = { method: req.method ?? "", path, headers: req.headers, fields: {}, file: null };
        if (req.method !== "POST" || path !== "/v1/audio/transcriptions") {
          requests.push(recorded);
          return json(res, 404, { error: { message: "Not found", type: "invalid_request_error" } });
        }
        let form: FormData;
        try {
          form = await new Request(`http://127.0.0.1${path}`, { method: "POST", headers, body: Buffer.concat(parts) }).formData();
        } catch {
          requests.push(recorded);
          return json(res, 400, { error: { message: "Expected a multipart/form-data body", type: "invalid_request_error" } });
        }
        for (const [name, value] of form) {
          if (typeof value === "string") recorded.fields[name] = value;
          else if (name === "file") recorded.file = { name: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) };
        }
        requests.push(recorded);
        if (!recorded.file) return json(res, 400, { error: { message: "file is required", type: "invalid_request_error" } });
        if (!recorded.fields.model) return json(res, 400, { error: { message: "model is required", type: "invalid_request_error" } });
        const script = queue.shift() ?? { kind: "ok" };
        if (script.kind === "hang") {
          hanging.add(res);
          res.on("close", () => hanging.delete(res));
          return;
        }
        if (script.kind === "status") return json(res, script.status, { error: { message: script.message ?? `Error ${script.status}`, type: "server_error" } });
        if (script.kind === "garbage") return res.writeHead(200, { "content-type": "text/html" }).end("<html>oops</html>");
        if (script.until) await script.until.catch(() => undefined);
        const text = script.text ?? self.transcriber(recorded.file);
        const format = recorded.fields.response_format ?? "json";
        if (format === "text") return res.writeHead(200, { "content-type": "text/plain" }).end(text);
        if (format === "verbose_json") return json(res, 200, { task: "transcribe", language: "english", duration: 1, text, segments: [] });
        return json(res, 200, { text });
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  self.baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return self;
}
