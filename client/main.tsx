import "./lib/zod-csp.ts";
import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "./app/layout.css";
import { createRoot, hydrateRoot } from "react-dom/client";
import { createBrowserRouter } from "react-router";
import { AppRoot } from "./app/app-root.tsx";
import { captureRoleFrame } from "./app/role-frame.tsx";
import { routes } from "./app/router.tsx";
import { STUDIO_FILTER_KEYS, studioListOptions } from "./features/studio/studio-list.ts";
import { paths } from "./lib/paths.ts";
import { followRoleHint, readRoleHint } from "./lib/role-hint.ts";
import { queryClient, trpc } from "./lib/trpc.ts";

// The role hint cookie follows every `auth.me` answer (lib/role-hint.ts): which frame the server
// prerenders the next signed-in page load in.
followRoleHint(queryClient);

// index.html preloads `auth.me` (server/spa-html.ts). Ask for it first and alone, before any
// component renders, so that this request takes the preloaded answer. Chrome keeps an unused
// preload for the page's lifetime and would hand it to a later `auth.me` (a refetch after the
// profile changed), which would then show stale data.
void queryClient.prefetchQuery({ ...trpc.auth.me.queryOptions(), staleTime: 60_000 });

// The studio's first paint of its own is its list, or the "Create your first item" card when
// there is nothing yet: both wait for `content.mine`. Asked for here, beside `auth.me`, rather
// than once the studio's chunk has loaded and rendered — for someone whose role hint says they
// have a studio, and only for the unfiltered list the page asks for first (docs/decisions/029).
// In the next task, so that `auth.me` goes out alone (the preloaded URL) and this in a request of its own.
const hinted = readRoleHint();
if (window.location.pathname === paths.studio && (hinted === "INSTRUCTOR" || hinted === "ADMIN")) {
  const search = new URLSearchParams(window.location.search);
  if (!STUDIO_FILTER_KEYS.some((key) => search.get(key))) setTimeout(() => void queryClient.prefetchInfiniteQuery(studioListOptions({})));
}

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

// A prerendered page (shared/prerender.ts) paints with its critical CSS inline and the full
// stylesheet loading as `media="print"`, which does not block that paint. It applies to all
// media from now on, and React starts once it is there: what renders after hydration (the
// header's buttons, the signed-in frame) needs more than the prerendered markup's CSS.
const deferredCss = [...document.querySelectorAll<HTMLLinkElement>("link[data-deferred-css]")].map((link) => {
  link.media = "all";
  // Loaded (or answered) already, or on its way. Should it never answer, the page still works, less styled.
  if (link.sheet || performance.getEntriesByName(link.href).length > 0) return Promise.resolve();
  return new Promise<void>((resolve) => {
    link.addEventListener("load", () => resolve(), { once: true });
    link.addEventListener("error", () => resolve(), { once: true });
    setTimeout(resolve, 3000);
  });
});

const router = createBrowserRouter(routes);
// The server sends the prerendered markup only for the path it was rendered for (and without the
// query parameters that would change it); React adopts it rather than painting it again.
if (root.dataset.prerendered && root.dataset.prerendered === window.location.pathname) {
  // A page prerendered per role: its frame is handed to React as it is (app/role-frame.tsx).
  captureRoleFrame(root, window.location.pathname);
  void Promise.all(deferredCss).then(() => hydrateRoot(root, <AppRoot router={router} />));
} else {
  createRoot(root).render(<AppRoot router={router} />);
}
