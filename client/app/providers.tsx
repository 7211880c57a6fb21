import { lazy, Suspense, useEffect, useState, type ReactNode } from "react";
import { MantineProvider } from "@mantine/core";
import { QueryClientProvider } from "@tanstack/react-query";
import { queryClient } from "../lib/trpc.ts";
import { theme } from "./theme.ts";

// The notice area (and its transitions) loads after the first page: no page shows a notice before
// someone acts, and one shown earlier waits in the store until the area is there. It is asked
// for once the page has loaded and the browser is idle, so its chunks do not compete with the
// page's own for the network (issue 13's first page).
const NotificationsArea = lazy(() => import("./notifications-area.tsx").then((m) => ({ default: m.NotificationsArea })));

function useAfterLoad(): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let idle: number | undefined;
    const go = () => {
      idle = typeof window.requestIdleCallback === "function" ? window.requestIdleCallback(() => setReady(true), { timeout: 2000 }) : window.setTimeout(() => setReady(true));
    };
    if (document.readyState === "complete") go();
    else window.addEventListener("load", go, { once: true });
    return () => {
      window.removeEventListener("load", go);
      if (idle !== undefined) (typeof window.cancelIdleCallback === "function" ? window.cancelIdleCallback : window.clearTimeout)(idle);
    };
  }, []);
  return ready;
}

/**
 * The notice area once the page has loaded. A leaf with its own state: when it turns on, only it
 * renders. (Held in `Providers`, the state change re-rendered MantineProvider and with it every
 * Mantine component of the page, in one task outside any transition: 20–25 ms of main thread
 * on this machine, ×4 on Lighthouse's phone.)
 */
function DeferredNotifications() {
  const loaded = useAfterLoad();
  return loaded ? (
    <Suspense fallback={null}>
      <NotificationsArea />
    </Suspense>
  ) : null;
}

export function Providers({ children }: { children: ReactNode }) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <DeferredNotifications />
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </MantineProvider>
  );
}
