// Renders a page as the app does (Mantine theme, the app's one QueryClient, a data router like
// the app's — so pages may use useBlocker), at a given URL, with a line that shows the current
// location so tests can see redirects. `outlet` is rendered where the page puts its <Outlet />
// (for layouts and guards).
import type { ReactElement } from "react";
import { render } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { QueryClientProvider } from "@tanstack/react-query";
import { createMemoryRouter, Outlet, RouterProvider, useLocation } from "react-router";
import { theme } from "../../client/app/theme.ts";
import { queryClient } from "../../client/lib/trpc.ts";

function CurrentLocation() {
  const location = useLocation();
  return <output aria-label="current location">{location.pathname + location.search}</output>;
}

export function renderPage(page: ReactElement, { url, path, outlet }: { url: string; path: string; outlet?: ReactElement }) {
  queryClient.clear();
  const router = createMemoryRouter(
    [
      {
        element: (
          <>
            <Outlet />
            <CurrentLocation />
          </>
        ),
        children: [
          { path, element: page, children: outlet ? [{ index: true, element: outlet }] : undefined },
          { path: "*", element: <p>Another page</p> },
        ],
      },
    ],
    { initialEntries: [url] },
  );
  return render(
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>,
  );
}
