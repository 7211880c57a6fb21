// The role hint cookie (shared/prerender.ts, decision 027): which public frame the server
// prerenders a signed-in page in for this browser. Written here, in one place, whenever
// `auth.me` answers — every way of signing in, switching accounts or a role change ends with
// that answer — and cleared when it answers nobody and on sign-out. Not a secret and never
// trusted: the server only picks a public document with it.
import type { QueryClient } from "@tanstack/react-query";
import { ROLE_HINT_COOKIE, roleFromHint, roleHintValue, type FrameRole } from "../../shared/prerender.ts";
import { trpc } from "./trpc.ts";

/** Long enough to outlast sessions; a stale hint costs one frame that the page then replaces. */
const MAX_AGE_SECONDS = 400 * 24 * 3600;

/** The `document.cookie` assignment that sets (role) or clears (null) the hint. */
export function roleHintCookie(role: FrameRole | null, secure: boolean): string {
  const value = role ? roleHintValue(role) : "";
  return `${ROLE_HINT_COOKIE}=${value}; Path=/; SameSite=Lax; Max-Age=${role ? MAX_AGE_SECONDS : 0}${secure ? "; Secure" : ""}`;
}

const currentHint = () => new RegExp(`(?:^|;\\s*)${ROLE_HINT_COOKIE}=([^;]*)`).exec(document.cookie)?.[1] ?? "";

/** The role the hint names, if any: a guess for what to ask for early, never for access. */
export function readRoleHint(): FrameRole | null {
  return roleFromHint(currentHint());
}

/** Sets the hint to `role`, or clears it; writes only when it changes. */
export function writeRoleHint(role: FrameRole | null): void {
  const current = currentHint();
  if (current === (role ? roleHintValue(role) : "")) return;
  document.cookie = roleHintCookie(role, window.location.protocol === "https:");
}

/** Keeps the hint in step with every `auth.me` answer (main.tsx). */
export function followRoleHint(queryClient: QueryClient): () => void {
  const key = JSON.stringify(trpc.auth.me.queryKey());
  return queryClient.getQueryCache().subscribe((event) => {
    if (event.type !== "updated" || event.action.type !== "success" || JSON.stringify(event.query.queryKey) !== key) return;
    const me = event.action.data as { role: FrameRole } | null | undefined;
    writeRoleHint(me ? me.role : null);
  });
}
