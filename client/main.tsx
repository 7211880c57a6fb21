import "./lib/zod-csp.ts";
import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "./app/layout.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router/dom";
import { Providers } from "./app/providers.tsx";
import { router } from "./app/router.tsx";
import { queryClient, trpc } from "./lib/trpc.ts";

// index.html preloads `auth.me` (server/spa-html.ts). Ask for it first and alone, before any
// component renders, so that this request takes the preloaded answer. Chrome keeps an unused
// preload for the page's lifetime and would hand it to a later `auth.me` (a refetch after the
// profile changed), which would then show stale data.
void queryClient.prefetchQuery({ ...trpc.auth.me.queryOptions(), staleTime: 60_000 });

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <Providers>
      <RouterProvider router={router} />
    </Providers>
  </StrictMode>,
);
