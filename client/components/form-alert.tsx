import { useEffect, useRef, type ReactNode } from "react";
import { Alert } from "@mantine/core";

type Props = {
  title?: string;
  children: ReactNode;
  color?: "red" | "yellow" | "teal" | "blue";
  /** Move keyboard focus here when shown, so the message is read and seen first. */
  focus?: boolean;
};

/** A message about a whole form (e.g. "Email or password is incorrect"), announced when shown. */
export function FormAlert({ title, children, color = "red", focus = true }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus, children]);
  return (
    <Alert ref={ref} tabIndex={-1} role="alert" color={color} variant="light" title={title} style={{ outlineOffset: 2 }}>
      {children}
    </Alert>
  );
}
