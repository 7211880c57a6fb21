import { StrictMode } from "react";
import type { DataRouter } from "react-router";
import { RouterProvider } from "react-router/dom";
import { Providers } from "./providers.tsx";

/** The whole app around a router: the browser's (main.tsx) or the build's (prerender.tsx), the same tree. */
export function AppRoot({ router }: { router: DataRouter }) {
  return (
    <StrictMode>
      <Providers>
        <RouterProvider router={router} />
      </Providers>
    </StrictMode>
  );
}
