import { useQuery } from "@tanstack/react-query";
import { Anchor, Text } from "@mantine/core";
import { Link } from "react-router";
import { paths } from "../lib/paths.ts";
import { trpc } from "../lib/trpc.ts";

/**
 * In development without SMTP, mails land in the dev outbox instead of an inbox. Shows a
 * link to it when (and only when) the server says the outbox is on.
 */
export function DevOutboxLink() {
  const outbox = useQuery({ ...trpc.dev.outbox.queryOptions(), retry: false, staleTime: 60_000 });
  if (!outbox.isSuccess) return null;
  return (
    <Text size="sm" c="dimmed">
      Development: no mail server is set up, so the mail is in the{" "}
      <Anchor component={Link} to={paths.devOutbox}>
        dev outbox
      </Anchor>
      .
    </Text>
  );
}
