// The pages whose HTML is rendered at build time (tools/prerender.ts, docs/decisions/026-* and
// 027-*): the browser paints them before any script runs, and React hydrates the same markup.
// Shared by the build (which renders them), the server (which picks the prerendered document for
// a request, server/spa-html.ts) and the client (which hydrates rather than renders,
// client/main.tsx).
//
// The markup is rendered of nothing: `auth.me` pending, no query answered. A page is listed only
// if that state shows nothing that belongs to a person (client/app/hydration.ts).
//
// The signed-in pages people land on also have a document per role (decision 027): the page's
// own frame — the signed-in header and navigation of that role, the page's title, introduction
// and placeholders where its data goes — chosen by the role *hint* cookie the client sets once
// `auth.me` named someone (client/lib/role-hint.ts). The hint is never trusted for anything but
// that choice: every document is public, the same for everyone with that hint, and the page
// replaces it once `auth.me` says who this is.

/** The roles a document can be prerendered for: the account roles (`Me["role"]` in the client). */
export const FRAME_ROLES = ["TRAINEE", "INSTRUCTOR", "COMPANY", "ADMIN"] as const;
export type FrameRole = (typeof FRAME_ROLES)[number];

/** The role hint cookie: not HttpOnly (the client writes it), no secret, only ever a choice of public document. */
export const ROLE_HINT_COOKIE = "hirexp_role";

/** The cookie's value for a role, and back (anything else, e.g. a forged value, is no hint). */
export const roleHintValue = (role: FrameRole): string => role.toLowerCase();
export function roleFromHint(value: string | undefined | null): FrameRole | null {
  return FRAME_ROLES.find((r) => roleHintValue(r) === value) ?? null;
}

export type PrerenderedPage = {
  /** document.title, as the page's usePageTitle() sets it. */
  title: string;
  /** Query parameters that change the page's first render: with any of them the request gets the plain index.html. */
  paramsThatChangeMarkup: string[];
  /**
   * A document per role allowed on this page (the page's frame, see the top of this file): the
   * title it has, the roles, and the role whose frame is sent when there is no (valid) hint —
   * a path only one role opens — or null (the generic loading frame). A hint naming a role not
   * listed gets the generic loading frame.
   */
  frames?: { title: string; roles: FrameRole[]; withoutHint: FrameRole | null };
};

export const PRERENDERED_PAGES: Record<string, PrerenderedPage> = {
  "/": { title: "Practise workplace communication · HireXp", paramsThatChangeMarkup: [] },
  // sign-in-page.tsx: `signed-out` and `oauthError` add an alert above the form; `next` only
  // changes where the form goes afterwards (and the provider links, which render later).
  "/sign-in": { title: "Sign in · HireXp", paramsThatChangeMarkup: ["signed-out", "oauthError"] },
  // Each role's dashboard. Without a frame for the request: what the signed-in guard shows while
  // `auth.me` is on its way (the public frame and "Loading…"), the same for everyone; the page
  // sets its own title.
  "/dashboard": {
    title: "HireXp",
    paramsThatChangeMarkup: [],
    frames: { title: "Dashboard · HireXp", roles: ["TRAINEE", "INSTRUCTOR", "COMPANY", "ADMIN"], withoutHint: null },
  },
  // studio-page.tsx: the filters (url-state) fill the search fields and the list.
  "/studio": {
    title: "HireXp",
    paramsThatChangeMarkup: ["type", "status", "q"],
    frames: { title: "Studio · HireXp", roles: ["INSTRUCTOR", "ADMIN"], withoutHint: "INSTRUCTOR" },
  },
  "/admin": {
    title: "HireXp",
    paramsThatChangeMarkup: [],
    frames: { title: "Admin dashboard · HireXp", roles: ["ADMIN"], withoutHint: "ADMIN" },
  },
};

/** The prerendered page for a request (path and query string, with or without "?"), or null. */
export function prerenderedPath(pathname: string, search = ""): string | null {
  const page = Object.hasOwn(PRERENDERED_PAGES, pathname) ? PRERENDERED_PAGES[pathname] : undefined;
  if (!page) return null;
  const params = new URLSearchParams(search);
  return page.paramsThatChangeMarkup.some((p) => params.has(p)) ? null : pathname;
}

/** One prerendered document: a page, for a role (its frame) or for nobody (role null). */
export type PrerenderedDocument = { key: string; path: string; role: FrameRole | null; title: string };

const documentKey = (path: string, role: FrameRole | null) => (role ? `${path}#${role}` : path);

/** Every document the build renders, keyed as `prerender.json` stores them. */
export function prerenderedDocuments(): PrerenderedDocument[] {
  return Object.entries(PRERENDERED_PAGES).flatMap(([path, page]) => [
    { key: documentKey(path, null), path, role: null, title: page.title },
    ...(page.frames?.roles ?? []).map((role) => ({ key: documentKey(path, role), path, role, title: page.frames!.title })),
  ]);
}

/**
 * The key of the prerendered document for a request — its path, query string and role hint
 * cookie value (anything: a value that names no role counts as no hint) — or null.
 */
export function prerenderedDocumentKey(pathname: string, search = "", hint?: string | null): string | null {
  const path = prerenderedPath(pathname, search);
  if (!path) return null;
  const frames = PRERENDERED_PAGES[path]!.frames;
  if (!frames) return documentKey(path, null);
  const role = roleFromHint(hint);
  if (role === null) return documentKey(path, frames.withoutHint);
  return documentKey(path, frames.roles.includes(role) ? role : null);
}

/** Whether the role hint can change the document of this request (the server then says `Vary: Cookie`). */
export function documentVariesByRoleHint(pathname: string, search = ""): boolean {
  const path = prerenderedPath(pathname, search);
  return path !== null && PRERENDERED_PAGES[path]!.frames !== undefined;
}
