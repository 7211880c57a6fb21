// Uploaded pictures over HTTP (services/images):
//
//   GET /api/images/:key   an avatar or company logo, public (it is shown wherever the person or
//       company is: cards, pages, the app shell; see README "Profile pictures and logos"). The
//       key is checked against the shape the app makes (kind-userid-hash) before storage is
//       asked, so no path can be named; the content type is the stored one (image/webp) with
//       `X-Content-Type-Options: nosniff`, and since a key always names the same bytes the
//       answer is cached for a year (`immutable`). Anything else: 404.
//
// And the bound on upload bodies: tRPC's Fastify adapter hands multipart/form-data bodies to
// tRPC unread and unlimited (Fastify's bodyLimit applies only to the bodies it parses itself),
// and a FormData input is read whole before the procedure runs. So a multipart request to
// /api/trpc must say how long it is (Content-Length; browsers always do for FormData) and be at
// most UPLOAD_BODY_LIMIT — else it is answered 411/413 at once, in tRPC's error shape, before a
// byte of the body is read.
import type { FastifyInstance, FastifyReply } from "fastify";
import { transformer } from "../../shared/transformer.ts";
import { IMAGE_MAX_BYTES, imageStorage, isImageKey } from "../services/images/images.ts";
import type { Config } from "../config.ts";

/** The 2 MB image and room for the multipart framing around it. */
export const UPLOAD_BODY_LIMIT = IMAGE_MAX_BYTES + 64 * 1024;

function trpcError(reply: FastifyReply, httpStatus: number, code: string, jsonRpcCode: number, appCode: string, message: string) {
  const shape = {
    message,
    code: jsonRpcCode,
    data: { code, httpStatus, path: null, appCode, retryAfterSeconds: null, field: "file", fieldErrors: null, formErrors: null },
  };
  return reply.code(httpStatus).header("content-type", "application/json").send(JSON.stringify({ error: transformer.serialize(shape) }));
}

export function registerUploadBodyLimit(app: FastifyInstance) {
  app.addHook("onRequest", async (req, reply) => {
    if (!/^\/api\/trpc(?:[/?]|$)/.test(req.url)) return;
    const type = req.headers["content-type"]?.toLowerCase() ?? "";
    if (!type.startsWith("multipart/form-data")) return;
    const length = Number(req.headers["content-length"]);
    if (req.headers["content-length"] === undefined || !Number.isFinite(length)) {
      return trpcError(reply, 411, "BAD_REQUEST", -32600, "LENGTH_REQUIRED", "Send the upload with a Content-Length header.");
    }
    if (length > UPLOAD_BODY_LIMIT) return trpcError(reply, 413, "PAYLOAD_TOO_LARGE", -32013, "IMAGE_TOO_LARGE", "The image is larger than 2 MB");
  });
}

export function registerImageRoutes(app: FastifyInstance, deps: { config: Config }) {
  const store = imageStorage(deps.config.dataDir);
  app.get<{ Params: { key: string } }>("/api/images/:key", async (req, reply) => {
    const { key } = req.params;
    const file = isImageKey(key) ? await store.get(key) : null;
    if (!file) return reply.code(404).header("cache-control", "no-store").send({ error: "There is no such image." });
    return reply
      .header("content-type", file.contentType)
      .header("content-length", String(file.size))
      .header("x-content-type-options", "nosniff")
      .header("content-disposition", "inline")
      .header("cache-control", "public, max-age=31536000, immutable")
      .send(file.stream);
  });
}
