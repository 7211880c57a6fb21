// The studio's list query (content.mine, first page and "Load more"), shared by the page and the
// entry (main.tsx), which asks for the unfiltered list while the studio's chunk is still loading.
// Small on purpose: main.tsx imports it, so it is in the first page's JavaScript.
import type { ContentMineInput } from "../../../shared/schemas/content.ts";
import { trpc } from "../../lib/trpc.ts";

export function studioListOptions(filter: ContentMineInput) {
  return trpc.content.mine.infiniteQueryOptions(filter, { getNextPageParam: (last) => last.nextCursor ?? undefined, initialCursor: undefined });
}

/** The query string parameters that filter the list (studio-page.tsx). */
export const STUDIO_FILTER_KEYS = ["type", "status", "q"] as const;
