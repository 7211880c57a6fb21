// Renders a page to HTML at build time (tools/prerender.ts loads this module through Vite's SSR
// loader). The tree is main.tsx's, with a memory router at the page's path, so that React in the
// browser can hydrate the markup. Nothing is fetched: the page renders as it does before `auth.me`
// answers (shared/prerender.ts).
import { renderToString } from "react-dom/server";
import { createMemoryRouter } from "react-router";
import { AppRoot } from "./app/app-root.tsx";
import { routes } from "./app/router.tsx";

export function renderPage(url: string): string {
  const router = createMemoryRouter(routes, { initialEntries: [url] });
  try {
    const html = renderToString(<AppRoot router={router} />);
    const match = router.state.matches.at(-1);
    if (router.state.location.pathname !== url || !match || match.route.path === "*") {
      throw new Error(`prerendering ${url}: the router ended on ${router.state.location.pathname} (${match?.route.path ?? "no route"})`);
    }
    return html;
  } finally {
    router.dispose();
  }
}
