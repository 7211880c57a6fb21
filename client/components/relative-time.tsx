import { Text, type TextProps } from "@mantine/core";
import { formatDateTime, formatRelativeTime } from "../lib/format.ts";

/** "5 minutes ago" in a `<time>` element, with the exact date and time as its title (on hover). */
export function RelativeTime({ date, ...props }: { date: Date } & TextProps) {
  const exact = formatDateTime(date);
  return (
    <Text component="time" dateTime={date.toISOString()} title={exact} inherit {...props}>
      {formatRelativeTime(date)}
    </Text>
  );
}
