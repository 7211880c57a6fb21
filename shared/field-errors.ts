// zod issues as the API's fieldErrors: messages by dotted path ("data.steps.2.say"), plus the
// top-level field, so a form that only knows "data" still shows them. Used by the tRPC error
// formatter and by services that check part of an input themselves (with a path prefix).
import type { ZodError } from "zod";

export function fieldErrorsOf(zod: ZodError, prefix: PropertyKey[] = []): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of zod.issues) {
    const path = [...prefix, ...issue.path];
    if (path.length === 0) continue;
    const key = path.join(".");
    (out[key] ??= []).push(issue.message);
    // The top-level field too, so a form that only knows "preferences" still shows it.
    const top = String(path[0]);
    if (top !== key) (out[top] ??= []).push(issue.message);
  }
  return out;
}
