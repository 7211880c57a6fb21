// Mantine form + the shared zod schemas: the same rules the server applies, checked before
// sending, and the server's own field errors shown next to the same fields afterwards.
import type { FormErrors, UseFormReturnType } from "@mantine/form";
import type { z } from "zod";
import { errorData, errorMessage, fieldErrorsOf } from "./trpc.ts";

/**
 * A Mantine `validate` function from a zod schema: the first issue per field, keyed by its
 * dotted path ("preferences.theme"). `extra` adds checks the schema cannot make alone
 * (e.g. "the two passwords match").
 */
export function zodValidate<Values>(
  schema: z.ZodType,
  extra?: (values: Values) => FormErrors,
): (values: Values) => FormErrors {
  return (values) => {
    const errors: FormErrors = {};
    const result = schema.safeParse(values);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const key = issue.path.map(String).join(".");
        if (!(key in errors)) errors[key] = issue.message;
      }
    }
    for (const [key, message] of Object.entries(extra?.(values) ?? {})) {
      if (message && !(key in errors)) errors[key] = message;
    }
    return errors;
  };
}

/** Moves focus to the first field with an error, in the order the fields appear on screen. */
export function focusFirstError(form: UseFormReturnType<any, any>, errors: FormErrors, order: readonly string[]): void {
  const first = order.find((field) => errors[field]) ?? Object.keys(errors)[0];
  if (!first) return;
  // After React has rendered the error text, so a screen reader reads the field with it.
  setTimeout(() => form.getInputNode(first)?.focus(), 0);
}

/**
 * Puts the server's field errors next to their fields: zod's per-field messages, and a domain
 * error that names its field (`error.data.field`, e.g. "Your current password is not
 * correct." on "password"). Returns true when at least one field got a message (then a
 * general alert is usually not needed).
 */
export function applyServerFieldErrors(
  form: UseFormReturnType<any, any>,
  error: unknown,
  order: readonly string[],
): boolean {
  const fieldErrors = fieldErrorsOf(error);
  const field = errorData(error)?.field;
  if (field && !(field in fieldErrors)) fieldErrors[field] = errorMessage(error);
  const known = Object.fromEntries(Object.entries(fieldErrors).filter(([k]) => order.includes(k)));
  if (Object.keys(known).length === 0) return false;
  form.setErrors(known);
  focusFirstError(form, known, order);
  return true;
}
