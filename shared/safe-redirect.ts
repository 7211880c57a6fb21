// Where to send someone after signing in. The `next` value comes from the address bar (or a
// cookie set from it), so anyone can craft it: we only ever follow it to a path on our own
// origin. An open redirect would let a phishing link bounce through our sign-in to another site.
// Used by the server (OAuth callbacks) and meant to be the one copy the client uses too.

const PROBE_ORIGIN = "https://hirexp.invalid";

/** Where a sign-in lands when `next` is missing or refused. */
export const DEFAULT_AFTER_SIGN_IN = "/dashboard";

/**
 * `raw` when it is a plain path on this origin ("/settings/profile?tab=1#x"), else `fallback`.
 *
 * Refused: anything not starting with exactly one "/" ("//evil.com", "https://…" and
 * "@evil.com" are not paths of ours), any backslash ("/\evil.com" is "//evil.com" to a
 * browser), control characters and whitespace (browsers strip tabs and newlines inside URLs,
 * so "/\t/evil.com" would become "//evil.com"), paths that normalise to "//…"
 * ("/.//evil.com"), and overlong values. The result is the normalised path.
 */
export function safeRedirectPath(raw: string | null | undefined, fallback: string): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2048) return fallback;
  if (raw[0] !== "/" || raw[1] === "/") return fallback;
  if (raw.includes("\\")) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f-\u009f\u2028\u2029]/.test(raw)) return fallback;
  try {
    const url = new URL(raw, PROBE_ORIGIN);
    if (url.origin !== PROBE_ORIGIN) return fallback;
    const path = url.pathname + url.search + url.hash;
    // Dot segments can collapse into a protocol-relative URL: "/.//evil.com" is "//evil.com".
    if (path.startsWith("//") || path.includes("\\")) return fallback;
    return path;
  } catch {
    return fallback;
  }
}

/** The post-sign-in destination: `raw` when it is a path on our origin, else `/dashboard`. */
export function safeNextPath(raw: string | null | undefined): string {
  return safeRedirectPath(raw, DEFAULT_AFTER_SIGN_IN);
}
