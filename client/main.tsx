import "./lib/zod-csp.ts";
import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "./app/layout.css";
import { createRoot, hydrateRoot } from "react-dom/client";
import { createBrowserRouter } from "react-router";
import { AppRoot } from "./app/app-root.tsx";
import { routes } from "./app/router.tsx";
import { queryClient, trpc } from "./lib/trpc.ts";

// index.html preloads `auth.me` (server/spa-html.ts). Ask for it first and alone, before any
// component renders, so that this request takes the preloaded answer. Chrome keeps an unused
// preload for the page's lifetime and would hand it to a later `auth.me` (a refetch after the
// profile changed), which would then show stale data.
void queryClient.prefetchQuery({ ...trpc.auth.me.queryOptions(), staleTime: 60_000 });

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

// A prerendered page (shared/prerender.ts) paints with its critical CSS inline and the full
// stylesheet loading as `media="print"`, which does not block that paint; from here on the
// page is interactive, so it applies everywhere.
for (const link of document.querySelectorAll<HTMLLinkElement>("link[data-deferred-css]")) link.media = "all";

const router = createBrowserRouter(routes);
// The server sends the prerendered markup only for the path it was rendered for (and without the
// query parameters that would change it); React adopts it rather than painting it again.
if (root.dataset.prerendered && root.dataset.prerendered === window.location.pathname) {
  hydrateRoot(root, <AppRoot router={router} />);
} else {
  createRoot(root).render(<AppRoot router={router} />);
}
