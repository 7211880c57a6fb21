// The route error page: the app's own route table (client/app/router.tsx) with one extra
// route whose page throws while rendering and one whose loader throws, in a memory router
// inside the app's providers. Whatever crashes, the person sees an apology and a way out
// from the root route's errorElement, never the error itself.
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import { createMemoryRouter, RouterProvider, type NonIndexRouteObject, type RouteObject } from "react-router";
import { Providers } from "../../client/app/providers.tsx";
import { routes } from "../../client/app/router.tsx";
import { paths } from "../../client/lib/paths.ts";
import { queryClient } from "../../client/lib/trpc.ts";
import { stubTrpc } from "./trpc-stub.ts";

const SECRET = "TypeError: cannot read properties of undefined (reading 'internalDetail')";

function Crashes(): never {
  throw new Error(SECRET);
}

/** The app's routes, with two broken pages added under the root route. */
function appRoutesWithBrokenPages(): RouteObject[] {
  const [first, ...rest] = routes;
  // The root route (layout + errorElement) has children, so it is not an index route.
  const root = first as NonIndexRouteObject;
  return [
    {
      ...root,
      children: [
        ...(root.children ?? []),
        { path: "/broken-page", element: <Crashes /> },
        {
          path: "/broken-loader",
          loader: () => {
            throw new Error(SECRET);
          },
          element: <p>never shown</p>,
        },
      ],
    },
    ...rest,
  ];
}

function renderAppAt(url: string) {
  queryClient.clear();
  const router = createMemoryRouter(appRoutesWithBrokenPages(), { initialEntries: [url] });
  render(
    <Providers>
      <RouterProvider router={router} />
    </Providers>,
  );
}

let consoleError: MockInstance<typeof console.error>;

beforeEach(() => {
  stubTrpc({ "auth.me": null });
  // React and the error page report the crash on the console; keep the test output readable.
  consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
});

afterEach(() => {
  consoleError.mockRestore();
  vi.unstubAllGlobals();
});

describe("route error page", () => {
  it.each([
    ["a page that throws while rendering", "/broken-page"],
    ["a route whose loader throws", "/broken-loader"],
  ])("%s shows an apology with a way home, not the error", async (_, url) => {
    renderAppAt(url);

    const alert = await screen.findByRole("alert");
    expect(screen.getByRole("heading", { level: 1, name: "Something went wrong" })).toBeInTheDocument();
    expect(alert).toHaveTextContent("This page ran into a problem. Reloading usually helps");
    expect(screen.getByRole("button", { name: "Reload the page" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Go to the home page" })).toHaveAttribute("href", paths.home);
    await waitFor(() => expect(document.title).toBe("Something went wrong · HireXp"));
    // Nothing of the error reaches the page.
    expect(document.body).not.toHaveTextContent("internalDetail");
    expect(document.body).not.toHaveTextContent("TypeError");
    expect(screen.queryByText("never shown")).not.toBeInTheDocument();
  });

  it("leaves working pages alone (the extra routes do not shadow the app's)", async () => {
    renderAppAt(paths.accountDeactivated);
    expect(await screen.findByRole("heading", { name: "Your account is deactivated" })).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Something went wrong" })).not.toBeInTheDocument();
  });
});
