// Renders a page to HTML at build time (tools/prerender.ts loads this module through Vite's SSR
// loader). The tree is main.tsx's, with a memory router at the page's path, so that React in the
// browser can hydrate the markup. Nothing is fetched: the page renders as it does before `auth.me`
// answers (shared/prerender.ts) — for a role's document, with that role's frame of the page
// (app/role-frames.tsx) where the signed-in guard waits.
import { renderToString } from "react-dom/server";
import { createMemoryRouter } from "react-router";
import type { FrameRole } from "../shared/prerender.ts";
import { AppRoot } from "./app/app-root.tsx";
import { RoleFrameContext } from "./app/role-frame.tsx";
import { roleFrameFor } from "./app/role-frames.tsx";
import { routes } from "./app/router.tsx";

export function renderPage(url: string, role: FrameRole | null = null): string {
  const router = createMemoryRouter(routes, { initialEntries: [url] });
  try {
    const html = renderToString(
      <RoleFrameContext value={role ? roleFrameFor(url, role) : null}>
        <AppRoot router={router} />
      </RoleFrameContext>,
    );
    const match = router.state.matches.at(-1);
    if (router.state.location.pathname !== url || !match || match.route.path === "*") {
      throw new Error(`prerendering ${url}: the router ended on ${router.state.location.pathname} (${match?.route.path ?? "no route"})`);
    }
    if (role && !html.includes(`data-role-frame="${role}"`)) throw new Error(`prerendering ${url} for ${role}: the signed-in guard did not show the frame`);
    return html;
  } finally {
    router.dispose();
  }
}
