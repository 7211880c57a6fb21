// The frame of a signed-in page, prerendered per role (shared/prerender.ts, decision 027): the
// document's markup is the page's own header, navigation, title and introduction, with
// placeholders where the person's data goes, painted before any script runs.
//
// The build renders that frame with the page's own components (role-frames.tsx, imported by
// prerender.tsx only, so none of it is in the browser's bundle). In the browser the frame is
// taken from the document as it is (captureRoleFrame, before hydration) and given back to React
// as static HTML: hydration adopts it unchanged — the same markup by construction, whatever the
// hint said — and the same DOM stays on screen, untouched, until the page has rendered beside it
// (hidden), with its chunks and `auth.me` in; then, in one commit, the frame goes and the page
// shows (WithMe in guards.tsx, ReleaseRoleFrame in the signed-in frame).
//
// Only on the page it was rendered for, and only for the role it was rendered for: once `auth.me`
// names someone else (a wrong or stale hint), nobody, or someone who does not get the page
// (suspended, email unconfirmed), the frame goes at once and the guard does what it always did.
import { createContext, useContext, useEffect, useSyncExternalStore, type ReactNode } from "react";
import { useLocation } from "react-router";
import type { FrameRole } from "../../shared/prerender.ts";
import { CurrentUserContext } from "../lib/auth.ts";

/** The attribute on the frame's element; its value is the role. */
export const FRAME_ATTR = "data-role-frame";

export type RoleFrame = { role: FrameRole; whole: ReactNode };

/** At build time, the frame being prerendered (client/prerender.tsx); null in the browser. */
export const RoleFrameContext = createContext<RoleFrame | null>(null);

let captured: (RoleFrame & { path: string }) | null = null;
const listeners = new Set<() => void>();
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => void listeners.delete(listener);
};
const snapshot = () => captured;

/** Takes the prerendered frame out of the document, before React hydrates it (main.tsx). */
export function captureRoleFrame(root: HTMLElement, path: string): void {
  const element = root.querySelector<HTMLElement>(`[${FRAME_ATTR}]`);
  const role = element?.getAttribute(FRAME_ATTR) as FrameRole | null | undefined;
  if (!element || !role) return;
  captured = { path, role, whole: <div {...{ [FRAME_ATTR]: role }} dangerouslySetInnerHTML={{ __html: element.innerHTML }} /> };
}

/** The prerendered frame of this page, until the page has replaced it; null on any other page. */
export function useRoleFrame(): RoleFrame | null {
  const prerendering = useContext(RoleFrameContext);
  const { pathname } = useLocation();
  // The same snapshot while hydrating: `captured` is the document's, read before hydration.
  const frame = useSyncExternalStore(subscribe, snapshot, snapshot);
  if (prerendering) return prerendering;
  return frame?.path === pathname ? frame : null;
}

/**
 * Rendered with the real page, inside the Suspense boundary of its chunk: once the page has
 * rendered (hidden), the frame goes and the page shows in its place, in one commit.
 */
export function ReleaseRoleFrame() {
  useEffect(() => dropRoleFrame(), []);
  return null;
}

/** The prerendered frame is gone for good: replaced by its page, or not this person's page (guards.tsx). */
export function dropRoleFrame(): void {
  if (!captured) return;
  captured = null;
  for (const listener of listeners) listener();
}

/** The signed-in person's role; while the build prerenders a role's frame, that role (for pages that only need the role). */
export function useCurrentRole(): FrameRole {
  const role = useContext(CurrentUserContext)?.role ?? useContext(RoleFrameContext)?.role;
  if (!role) throw new Error("useCurrentRole() is only available on pages inside the signed-in route guard");
  return role;
}
