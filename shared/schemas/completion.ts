// What a trainee sends to finish a lesson or an exercise (`catalog.complete`) and what comes
// back: a score and, per question or item, whether it was right, which checks failed and why,
// and (now that the attempt is submitted) the correct answer and the explanation.
import { z } from "zod";

const ItemId = z.string().max(40, "Not a valid question id");
const Answer = z.union(
  [
    z.string().max(5000, "An answer has at most 5000 characters"),
    z.number().int().min(0).max(1000),
    z.boolean(),
    z.array(z.number().int().min(0).max(1000)).max(20, "Too many choices"),
    z.array(z.string().max(500, "An item has at most 500 characters")).max(20, "Too many items"),
    z.null(),
  ],
  { error: "Not a valid answer" },
);
export type CompletionAnswer = z.infer<typeof Answer>;

export const CatalogCompleteInput = z.object({
  id: z.string().trim().min(1, "An id is required").max(64, "Not a valid id"),
  /** By question or item id; absent = "mark as read" (a lesson without a quiz). */
  answers: z
    .record(ItemId, Answer)
    .refine((r) => Object.keys(r).length <= 100, "At most 100 answers")
    .optional(),
});
export type CatalogCompleteInput = z.infer<typeof CatalogCompleteInput>;

/** One check of an item: `answer` (fill / quiz), `mustInclude`, `avoid`, `maxWords`, `empty`, or a plugged-in check's name. */
export type Finding = { check: string; passed: boolean; message: string };

export type CompletionItemResult = {
  id: string;
  correct: boolean;
  feedback: Finding[];
  /** Shown after submission only: an option's text, the items in order, an accepted answer. */
  correctAnswer?: string | string[];
  explanation?: string;
};

export type CompletionResult = { score: number | null; items: CompletionItemResult[]; completionId: string };
