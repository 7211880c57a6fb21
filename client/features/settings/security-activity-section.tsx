// "Recent security activity": sign-ins, failed attempts, password and email changes…,
// newest first, a page at a time.
import { Box, Button, Group, Stack, Text } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "../../../server/routers/app.ts";
import { FormAlert } from "../../components/form-alert.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { useProviders } from "../../lib/oauth.ts";
import { errorMessage, trpc } from "../../lib/trpc.ts";
import { describeSecurityEvent, type EventTone } from "./security-event-text.ts";
import { SettingsSection } from "./settings-section.tsx";

type EventRow = inferRouterOutputs<AppRouter>["auth"]["securityEvents"]["events"][number];

const TONE_COLORS: Record<EventTone, string> = {
  neutral: "var(--mantine-color-gray-5)",
  good: "var(--mantine-color-teal-6)",
  warning: "var(--mantine-color-yellow-6)",
  danger: "var(--mantine-color-red-6)",
};

export function SecurityActivitySection() {
  const events = useInfiniteQuery(
    trpc.auth.securityEvents.infiniteQueryOptions({}, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const providers = useProviders();
  const rows = events.data?.pages.flatMap((p) => p.events) ?? [];

  return (
    <SettingsSection
      id="security-activity"
      title="Recent security activity"
      description="Sign-ins and changes to your account. If something here was not you, change your password and sign out the devices you don't recognise."
    >
      {events.isPending ? (
        <PageLoader label="Loading your account activity…" />
      ) : !events.data ? (
        // Failed before the first page arrived. (A failed "Load more" keeps the list; see below.)
        <QueryError
          title="We could not load your account activity"
          error={events.error}
          onRetry={() => void events.refetch()}
          retrying={events.isFetching}
        />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing yet.
        </Text>
      ) : (
        <Stack gap="md">
          <Stack component="ol" gap={0} style={{ listStyle: "none", padding: 0, margin: 0 }} aria-label="Security events, newest first">
            {rows.map((e) => (
              <EventItem key={e.id} event={e} providers={providers.data ?? []} />
            ))}
          </Stack>
          {events.isFetchNextPageError && (
            <FormAlert title="We could not load more">{errorMessage(events.error)}</FormAlert>
          )}
          {events.hasNextPage && (
            <Group justify="center">
              <Button variant="default" onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage}>
                Load more
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </SettingsSection>
  );
}

function EventItem({ event, providers }: { event: EventRow; providers: { id: string; label: string }[] }) {
  const { text, tone } = describeSecurityEvent(event, providers);
  // Sign-ins and sign-outs name the device in their sentence already.
  // An administrator's action comes without device or IP (the server does not send them).
  const showDevice = event.action !== "SIGN_IN" && event.action !== "SIGN_OUT" && event.device !== null && event.device !== "Unknown device";
  return (
    <Group component="li" gap="sm" wrap="nowrap" preventGrowOverflow={false} align="flex-start" py="xs" style={{ borderTop: "1px solid var(--mantine-color-default-border)" }}>
      <Box
        aria-hidden
        mt={7}
        style={{ width: 10, height: 10, borderRadius: "50%", flex: "none", background: TONE_COLORS[tone] }}
      />
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Text size="sm" fw={500}>
          {text}
        </Text>
        <Text size="xs" c="dimmed">
          <RelativeTime date={event.createdAt} />
          {showDevice ? <> · {event.device}</> : null}
          {event.ipAddress ? <> · IP {event.ipAddress}</> : null}
        </Text>
      </Stack>
    </Group>
  );
}
