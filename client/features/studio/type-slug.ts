// Type slugs in URLs: CHAT_SCENARIO ⇄ chat-scenario. Not in content-form.ts, so that the studio's
// list does not load the editor's zod schemas.
import { CONTENT_TYPES, type ContentType } from "../../../shared/content-types.ts";

export const typeSlug = (t: ContentType) => t.toLowerCase().replace("_", "-");
export const typeOfSlug = (slug: string): ContentType | null => CONTENT_TYPES.find((t) => typeSlug(t) === slug) ?? null;
