import { z } from "zod";

/** account.delete: the password (accounts that have one), else a recent sign-in stands in. */
export const DeleteAccountInput = z.object({
  password: z.string().max(1024).optional(),
});
