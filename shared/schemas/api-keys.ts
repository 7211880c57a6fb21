// API keys (issue 14): the inputs of apiKeys.create / apiKeys.revoke, shared by the server and
// the company's keys page.
import { z } from "zod";
import { API_SCOPES } from "../access.ts";

export const API_KEY_LIMITS = { name: 100, activeKeys: 20 } as const;

export const ApiKeyCreateInput = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "Give the key a name (what will use it)")
      .max(API_KEY_LIMITS.name, `A name has at most ${API_KEY_LIMITS.name} characters`),
    scopes: z
      .array(z.enum(API_SCOPES, { error: "Choose scopes from the list" }))
      .min(1, "Choose at least one scope")
      .max(API_SCOPES.length)
      .transform((xs) => API_SCOPES.filter((s) => xs.includes(s))),
    /** When the key stops working; absent or null: it works until revoked. */
    expiresAt: z.coerce
      .date({ error: "Not a valid date" })
      .refine((d) => d.getTime() > Date.now(), "The expiry date must be in the future")
      .refine((d) => d.getTime() < Date.UTC(10000, 0, 1), "Not a valid date")
      .nullish(),
  })
  .strict();
export type ApiKeyCreate = z.input<typeof ApiKeyCreateInput>;

export const ApiKeyRevokeInput = z.object({ id: z.string().min(1, "Choose a key").max(64, "Not a valid key") });
