// Pages load on demand: each role area (trainee, studio, company, admin) and each heavy library
// (charts, Markdown, the editors) is its own chunk, fetched the first time a route needs it, so
// the first page (landing, sign-in) downloads only what it shows (see tools/bundle-budget.ts and
// docs/decisions/020-lazy-routes-and-aot-server.md).
import { lazy, Suspense, type ComponentType, type ReactNode } from "react";
import { PageLoader } from "../components/page-loader.tsx";

/** A page component from a module loaded on first render: `lazyPage(() => import("./x.tsx"), "XPage")`. */
export function lazyPage<M extends Record<K, ComponentType>, K extends keyof M & string>(load: () => Promise<M>, name: K) {
  const Page = lazy(async () => ({ default: (await load())[name] }));
  // Named after the page, so React's warnings and devtools say which one.
  (Page as { displayName?: string }).displayName = `Lazy(${name})`;
  return Page;
}

/** Where a lazy page appears: an announced loading state while its chunk arrives. */
export function PageSuspense({ children }: { children: ReactNode }) {
  return <Suspense fallback={<PageLoader label="Loading page…" />}>{children}</Suspense>;
}
