// A local HTTP server that speaks the OpenAI chat-completions protocol (POST
// {base}/chat/completions, streamed as server-sent events: `data: {chunk}` lines and a final
// `data: [DONE]`, or one JSON completion when `stream` is false), for testing anything that talks
// to an OpenAI-compatible endpoint without a network or a model. Each request takes the next
// scripted response from a queue (the default answer when it is empty) and is recorded, with its
// headers and parsed body, for assertions. Binds 127.0.0.1 on a free port.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type ScriptedResponse =
  /** A streamed answer: one SSE chunk per string, `delayMs` apart (default 0). */
  | { kind: "stream"; chunks: string[]; delayMs?: number }
  /** Sends the first `after` chunks, then nothing more (no [DONE]): a stalled stream. */
  | { kind: "stall"; chunks: string[]; after: number }
  /** 200 and the event-stream headers, then not a single chunk: a first token that never arrives. */
  | { kind: "silent" }
  /** An error answer with this status, headers (e.g. retry-after) and an OpenAI-style error body. */
  | { kind: "status"; status: number; headers?: Record<string, string>; message?: string };

export type RecordedRequest = {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: { model?: string; stream?: boolean; messages?: { role: string; content: string }[]; [k: string]: unknown };
  /** When the request arrived (Date.now()). */
  at: number;
};

export type OpenAITestServer = {
  /** The base URL to give a client (ends in /v1). */
  baseURL: string;
  requests: RecordedRequest[];
  /** Queues responses for the next requests, in order. */
  respond(...responses: ScriptedResponse[]): void;
  /** The answer when the queue is empty (default: a short streamed greeting). */
  setDefault(response: ScriptedResponse): void;
  close(): Promise<void>;
};

const sse = (res: http.ServerResponse, data: unknown) => res.write(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);

function chunk(model: string, delta: Record<string, unknown>, finish: string | null = null) {
  return {
    id: "chatcmpl-test",
    object: "chat.completion.chunk",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  };
}

export async function startOpenAIServer(): Promise<OpenAITestServer> {
  const queue: ScriptedResponse[] = [];
  const requests: RecordedRequest[] = [];
  let fallback: ScriptedResponse = { kind: "stream", chunks: ["Hello", " from the", " test model."] };
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (b: Buffer) => parts.push(b));
    req.on("end", () => {
      let body: RecordedRequest["body"] = {};
      try {
        body = JSON.parse(Buffer.concat(parts).toString("utf8") || "{}");
      } catch {
        res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "Bad JSON", type: "invalid_request_error" } }));
        return;
      }
      const path = new URL(req.url ?? "/", "http://x").pathname;
      requests.push({ method: req.method ?? "", path, headers: req.headers, body, at: Date.now() });
      if (req.method !== "POST" || path !== "/v1/chat/completions") {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "Not found", type: "invalid_request_error" } }));
        return;
      }
      const r = queue.shift() ?? fallback;
      const model = body.model ?? "test-model";
      if (r.kind === "status") {
        res.writeHead(r.status, { "content-type": "application/json", ...r.headers });
        res.end(JSON.stringify({ error: { message: r.message ?? `Error ${r.status}`, type: r.status === 429 ? "rate_limit_error" : "server_error" } }));
        return;
      }
      if (!body.stream) {
        const text = r.kind === "silent" ? "" : r.chunks.join("");
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            id: "chatcmpl-test",
            object: "chat.completion",
            created: Math.floor(Date.now() / 1000),
            model,
            choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
          }),
        );
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
      res.flushHeaders();
      if (r.kind === "silent") return;
      sse(res, chunk(model, { role: "assistant", content: "" }));
      const count = r.kind === "stall" ? Math.min(r.after, r.chunks.length) : r.chunks.length;
      const delay = r.kind === "stream" ? (r.delayMs ?? 0) : 0;
      let i = 0;
      const step = () => {
        if (res.destroyed) return;
        if (i < count) {
          sse(res, chunk(model, { content: r.chunks[i++] }));
          later(delay, step);
          return;
        }
        if (r.kind === "stall") return;
        sse(res, chunk(model, {}, "stop"));
        sse(res, "[DONE]");
        res.end();
      };
      step();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    respond: (...responses) => queue.push(...responses),
    setDefault: (r) => {
      fallback = r;
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
