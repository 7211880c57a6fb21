import { useEffect, useRef } from "react";
import { Outlet, ScrollRestoration, useLocation } from "react-router";
import { PageSuspense } from "./lazy-page.tsx";

/**
 * Around every page. After a client-side navigation, focus moves to the new page's main
 * region so keyboard and screen-reader users start at the content, as on a page load.
 */
export function RootLayout() {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById("main")?.focus({ preventScroll: true });
  }, [pathname]);
  return (
    <>
      <ScrollRestoration />
      {/* The signed-in frame (AppShellLayout) is itself loaded on demand. */}
      <PageSuspense>
        <Outlet />
      </PageSuspense>
    </>
  );
}
