import { useEffect, useState } from "react";
import { TextInput, type TextInputProps } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";

type Props = Omit<TextInputProps, "value" | "onChange"> & {
  /** The committed value (from the URL). */
  value: string;
  /** Called once typing pauses. */
  onCommit: (value: string) => void;
  delay?: number;
};

/** A text filter that answers as you type, without a request per keystroke. */
export function DebouncedTextInput({ value, onCommit, delay = 350, ...props }: Props) {
  const [text, setText] = useState(value);
  const commit = useDebouncedCallback((v: string) => onCommit(v.trim()), delay);
  // Follow changes made elsewhere ("Clear filters", the back button), not our own commits.
  useEffect(() => {
    if (value !== text.trim() && !commit.isPending()) setText(value);
  }, [value]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <TextInput
      {...props}
      value={text}
      onChange={(e) => {
        setText(e.currentTarget.value);
        commit(e.currentTarget.value);
      }}
      onKeyDown={(e) => {
        if (e.key === "Enter") commit.flush();
      }}
    />
  );
}
