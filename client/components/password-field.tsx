import { PasswordInput, type PasswordInputProps } from "@mantine/core";

/**
 * Mantine's PasswordInput with `aria-invalid` set while it shows an error (Mantine 9 sets it
 * on its other inputs but not on this one), so assistive technology hears "invalid".
 */
export function PasswordField(props: PasswordInputProps) {
  return <PasswordInput {...props} aria-invalid={props.error ? true : undefined} />;
}
