import { lazy, Suspense, type ReactNode } from "react";
import { MantineProvider } from "@mantine/core";
import { QueryClientProvider } from "@tanstack/react-query";
import { queryClient } from "../lib/trpc.ts";
import { theme } from "./theme.ts";

// The notice area (and its transitions) loads after the first page: no page shows a notice before
// someone acts, and one shown earlier waits in the store until the area is there.
const NotificationsArea = lazy(() => import("./notifications-area.tsx").then((m) => ({ default: m.NotificationsArea })));

export function Providers({ children }: { children: ReactNode }) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Suspense fallback={null}>
        <NotificationsArea />
      </Suspense>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </MantineProvider>
  );
}
