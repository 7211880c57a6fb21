// Renders a page as the app does (Mantine theme, the app's one QueryClient, a router), at a
// given URL, with a line that shows the current location so tests can see redirects.
// `outlet` is rendered where the page puts its <Outlet /> (for layouts and guards).
import type { ReactElement } from "react";
import { render } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import { theme } from "../../client/app/theme.ts";
import { queryClient } from "../../client/lib/trpc.ts";

function CurrentLocation() {
  const location = useLocation();
  return <output aria-label="current location">{location.pathname + location.search}</output>;
}

export function renderPage(page: ReactElement, { url, path, outlet }: { url: string; path: string; outlet?: ReactElement }) {
  queryClient.clear();
  return render(
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <MemoryRouter initialEntries={[url]}>
          <Routes>
            <Route path={path} element={page}>
              {outlet && <Route index element={outlet} />}
            </Route>
            <Route path="*" element={<p>Another page</p>} />
          </Routes>
          <CurrentLocation />
        </MemoryRouter>
      </QueryClientProvider>
    </MantineProvider>,
  );
}
