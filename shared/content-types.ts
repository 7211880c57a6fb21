// The kinds of content, without zod: the studio's list imports them, and zod (~25 KB) stays out
// of its chunk (schemas/content.ts re-exports them for everything else).
export const CONTENT_TYPES = ["CHAT_SCENARIO", "CALL_SCENARIO", "ASSESSMENT", "LESSON", "EXERCISE"] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];
