import { Progress } from "@mantine/core";
import { PASSWORD_MAX, PASSWORD_MIN, PASSWORD_RECOMMENDED } from "../../shared/schemas/fields.ts";

/**
 * A length hint for a new-password field. Length is what makes a password strong (NIST
 * 800-63B); the server also refuses common and guessable passwords and says why.
 */
export function passwordStrength(password: string): { value: number; color: string; hint: string } {
  const n = password.length;
  const tail = " Common passwords are turned down.";
  if (n === 0) return { value: 0, color: "gray", hint: `At least ${PASSWORD_MIN} characters; ${PASSWORD_RECOMMENDED} or more is best.${tail}` };
  if (n < PASSWORD_MIN) return { value: (n / PASSWORD_RECOMMENDED) * 100, color: "red", hint: `Too short: ${n} of at least ${PASSWORD_MIN} characters.` };
  if (n > PASSWORD_MAX) return { value: 100, color: "red", hint: `Too long: use at most ${PASSWORD_MAX} characters.` };
  if (n < PASSWORD_RECOMMENDED) return { value: (n / PASSWORD_RECOMMENDED) * 100, color: "yellow", hint: `Long enough. ${PASSWORD_RECOMMENDED} or more characters is stronger.${tail}` };
  return { value: 100, color: "teal", hint: `Good length.${tail}` };
}

/** The visual bar; the same information is in the field's description for screen readers. */
export function PasswordStrengthBar({ password }: { password: string }) {
  const s = passwordStrength(password);
  return <Progress value={s.value} color={s.color} size="xs" aria-hidden mt={6} />;
}
