// tRPC over Fastify, as @trpc/server's fastifyTRPCPlugin does it (same body parsers, the same
// resolveResponse), with one difference on the hot path: an answer that is not a stream is
// read into a string and sent with its Content-Length in one write, instead of being piped
// from the Response's web stream with chunked encoding (several writes and stream machinery
// for every query). Streamed answers (httpBatchStreamLink's JSON Lines, SSE) are piped as
// before. docs/decisions/021-server-hot-paths.md.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AnyRouter, inferRouterContext } from "@trpc/server";
import { resolveResponse } from "@trpc/server/http";
import { incomingMessageToRequest } from "@trpc/server/adapters/node-http";

export type TrpcHandlerOptions<R extends AnyRouter> = {
  prefix: string;
  router: R;
  createContext: (req: FastifyRequest, reply: FastifyReply) => Promise<inferRouterContext<R>>;
  maxBatchSize: number;
};

/** A streamed answer: chunked JSON Lines (tRPC sets the header) or server-sent events. */
function isStream(res: Response): boolean {
  return res.headers.get("transfer-encoding") === "chunked" || (res.headers.get("content-type") ?? "").startsWith("text/event-stream");
}

export async function registerTrpc<R extends AnyRouter>(app: FastifyInstance, opts: TrpcHandlerOptions<R>): Promise<void> {
  await app.register(
    async (scope) => {
      // tRPC reads the body itself: JSON as a string, multipart as the raw stream.
      scope.removeContentTypeParser("application/json");
      scope.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => done(null, body));
      scope.removeContentTypeParser("multipart/form-data");
      scope.addContentTypeParser("multipart/form-data", {}, (_req, body, done) => done(null, body));

      scope.all<{ Params: { path: string } }>("/:path", async (req, reply) => {
        const incoming = req.raw as typeof req.raw & { body?: unknown };
        if ("body" in req) incoming.body = req.body;
        const request = incomingMessageToRequest(incoming, reply.raw, { maxBodySize: null });
        const res = await resolveResponse({
          router: opts.router,
          req: request,
          path: req.params.path,
          error: null,
          maxBatchSize: opts.maxBatchSize,
          createContext: () => opts.createContext(req, reply),
        });
        reply.code(res.status);
        for (const [name, value] of res.headers) reply.header(name, value);
        if (res.body === null) return reply.send();
        if (isStream(res)) return reply.send(res.body);
        return reply.send(await res.text());
      });
    },
    { prefix: opts.prefix },
  );
}
