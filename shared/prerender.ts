// The pages whose HTML is rendered at build time (tools/prerender.ts, docs/decisions/026-*):
// the browser paints them before any script runs, and React hydrates the same markup. Shared by
// the build (which renders them), the server (which picks the prerendered document for a request,
// server/spa-html.ts) and the client (which hydrates rather than renders, client/main.tsx).
//
// The markup is rendered signed out of nothing: `auth.me` pending, no query answered. A page is
// listed only if that state shows nothing that belongs to a person (client/app/hydration.ts).

export type PrerenderedPage = {
  /** document.title, as the page's usePageTitle() sets it. */
  title: string;
  /** Query parameters that change the page's first render: with any of them the request gets the plain index.html. */
  paramsThatChangeMarkup: string[];
};

export const PRERENDERED_PAGES: Record<string, PrerenderedPage> = {
  "/": { title: "Practise workplace communication · HireXp", paramsThatChangeMarkup: [] },
  // sign-in-page.tsx: `signed-out` and `oauthError` add an alert above the form; `next` only
  // changes where the form goes afterwards (and the provider links, which render later).
  "/sign-in": { title: "Sign in · HireXp", paramsThatChangeMarkup: ["signed-out", "oauthError"] },
  // Each role's dashboard: what the signed-in guard shows while `auth.me` is on its way (the
  // public frame and "Loading…"), the same for everyone; the page sets its own title.
  "/dashboard": { title: "HireXp", paramsThatChangeMarkup: [] },
  "/studio": { title: "HireXp", paramsThatChangeMarkup: [] },
  "/admin": { title: "HireXp", paramsThatChangeMarkup: [] },
};

/** The prerendered page for a request (path and query string, with or without "?"), or null. */
export function prerenderedPath(pathname: string, search = ""): string | null {
  const page = Object.hasOwn(PRERENDERED_PAGES, pathname) ? PRERENDERED_PAGES[pathname] : undefined;
  if (!page) return null;
  const params = new URLSearchParams(search);
  return page.paramsThatChangeMarkup.some((p) => params.has(p)) ? null : pathname;
}
