// "Where you're signed in": every active session of this account, with a way to end each,
// all the others, or all of them.
import { useState } from "react";
import { Badge, Button, DataList, Group, Paper, Stack, Table, Text, VisuallyHidden } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "../../../server/routers/app.ts";
import { ConfirmModal } from "../../components/confirm-modal.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { goToSignInAfterSignOut } from "../../lib/auth.ts";
import { errorMessage, trpc, trpcClient, trpcCodeOf } from "../../lib/trpc.ts";
import { refreshSecurityData } from "./security-queries.ts";
import { SettingsSection } from "./settings-section.tsx";

export type SessionRow = inferRouterOutputs<AppRouter>["auth"]["sessions"]["list"][number];

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function SessionsSection() {
  const sessions = useQuery(trpc.auth.sessions.list.queryOptions());
  return (
    <SettingsSection
      id="sessions"
      title="Where you're signed in"
      description="The browsers and devices signed in to your account. Sign out any you don't recognise, then change your password."
    >
      {sessions.isPending ? (
        <PageLoader label="Loading your devices…" />
      ) : sessions.isError ? (
        <QueryError
          title="We could not load your devices"
          error={sessions.error}
          onRetry={() => void sessions.refetch()}
          retrying={sessions.isFetching}
        />
      ) : (
        <SessionsTable sessions={sessions.data} />
      )}
    </SettingsSection>
  );
}

type Confirming = { kind: "current" } | { kind: "everywhere" } | null;

export function SessionsTable({ sessions }: { sessions: SessionRow[] }) {
  const current = sessions.find((s) => s.current) ?? null;
  const others = sessions.filter((s) => !s.current);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [confirmError, setConfirmError] = useState<string | null>(null);
  // Below Mantine's "sm" breakpoint (48em): cards instead of the table.
  const phone = useMediaQuery("(max-width: 47.99em)") === true;

  const revoke = useMutation({
    ...trpc.auth.sessions.revoke.mutationOptions(),
    onSuccess: (result, { id }) => {
      if (result.current) {
        goToSignInAfterSignOut();
        return;
      }
      const device = sessions.find((s) => s.id === id)?.device ?? "That device";
      notifications.show({ color: "teal", title: "Signed out", message: `${device} is signed out of your account.` });
      refreshSecurityData();
    },
    onError: (error) => {
      if (confirming) {
        setConfirmError(errorMessage(error));
        return;
      }
      notifications.show({ color: "red", title: "Could not sign out that device", message: errorMessage(error) });
      // "That session has already ended": show the list as it is now.
      if (trpcCodeOf(error) === "NOT_FOUND") refreshSecurityData();
    },
  });

  const revokeOthers = useMutation({
    ...trpc.auth.sessions.revokeOthers.mutationOptions(),
    onSuccess: ({ ended }) => {
      notifications.show({
        color: "teal",
        title: "Other devices signed out",
        message: ended === 0 ? "You were not signed in anywhere else." : `We signed you out on ${plural(ended, "other device", "other devices")}. This one stays signed in.`,
      });
      refreshSecurityData();
    },
    onError: (error) => {
      notifications.show({ color: "red", title: "Could not sign out the other devices", message: errorMessage(error) });
    },
  });

  // Everywhere: the others first, then this one (which signs this browser out).
  const everywhere = useMutation({
    mutationFn: async () => {
      await trpcClient.auth.sessions.revokeOthers.mutate();
      if (current) await trpcClient.auth.sessions.revoke.mutate({ id: current.id });
      else await trpcClient.auth.signOut.mutate();
    },
    onSuccess: () => goToSignInAfterSignOut(),
    onError: (error) => {
      setConfirmError(errorMessage(error));
      refreshSecurityData();
    },
  });

  const open = (c: Confirming) => {
    setConfirmError(null);
    setConfirming(c);
  };
  const close = () => setConfirming(null);
  const busyId = revoke.isPending || (revoke.isSuccess && revoke.data.current) ? revoke.variables?.id : undefined;

  const signOutButton = (s: SessionRow, fullWidth = false) => (
    <Button
      size="xs"
      variant="default"
      fullWidth={fullWidth}
      aria-label={s.current ? "Sign out this device" : `Sign out ${s.device}`}
      loading={busyId === s.id}
      disabled={everywhere.isPending || (revoke.isPending && busyId !== s.id)}
      onClick={() => (s.current ? open({ kind: "current" }) : revoke.mutate({ id: s.id }))}
    >
      Sign out
    </Button>
  );

  return (
    <Stack gap="md">
      {phone ? (
        // Phones: one card per device, the button inside the screen (a table would push it off).
        <Stack component="ul" gap="sm" aria-label="Signed-in devices" style={{ listStyle: "none", margin: 0, padding: 0 }}>
          {sessions.map((s) => (
            <Paper component="li" key={s.id} withBorder p="sm" radius="md">
              <Stack gap="xs">
                <Group gap={6}>
                  <Text fw={600} size="sm">
                    {s.device}
                  </Text>
                  {s.current && (
                    <Badge variant="light" color="cyan" size="sm">
                      This device
                    </Badge>
                  )}
                </Group>
                <DataList orientation="horizontal" size="sm">
                  <DataList.Item>
                    <DataList.ItemLabel>IP address</DataList.ItemLabel>
                    <DataList.ItemValue>
                      <Text size="sm" ff="monospace" span>
                        {s.ipAddress ?? "Unknown"}
                      </Text>
                    </DataList.ItemValue>
                  </DataList.Item>
                  <DataList.Item>
                    <DataList.ItemLabel>Signed in</DataList.ItemLabel>
                    <DataList.ItemValue>
                      <RelativeTime date={s.createdAt} size="sm" />
                    </DataList.ItemValue>
                  </DataList.Item>
                  <DataList.Item>
                    <DataList.ItemLabel>Last seen</DataList.ItemLabel>
                    <DataList.ItemValue>{s.current ? <Text size="sm">Active now</Text> : <RelativeTime date={s.lastSeenAt} size="sm" />}</DataList.ItemValue>
                  </DataList.Item>
                </DataList>
                {signOutButton(s, true)}
              </Stack>
            </Paper>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={640} type="native">
          <Table verticalSpacing="sm" highlightOnHover={false}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Device</Table.Th>
                <Table.Th scope="col">IP address</Table.Th>
                <Table.Th scope="col">Signed in</Table.Th>
                <Table.Th scope="col">Last seen</Table.Th>
                {/* Relative: keeps the hidden label inside the scrolling box on narrow screens. */}
                <Table.Th scope="col" pos="relative">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sessions.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Th scope="row" fw={500}>
                    <Group gap={6}>
                      <Text inherit>{s.device}</Text>
                      {s.current && (
                        <Badge variant="light" color="cyan" size="sm">
                          This device
                        </Badge>
                      )}
                    </Group>
                  </Table.Th>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {s.ipAddress ?? "Unknown"}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <RelativeTime date={s.createdAt} size="sm" />
                  </Table.Td>
                  <Table.Td>{s.current ? <Text size="sm">Active now</Text> : <RelativeTime date={s.lastSeenAt} size="sm" />}</Table.Td>
                  <Table.Td ta="right">
                    {signOutButton(s)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <Group justify="space-between" gap="sm">
        <Text size="sm" c="dimmed" id="other-devices-note">
          {others.length === 0
            ? "You are signed in only on this device."
            : `You are also signed in on ${plural(others.length, "other device", "other devices")}.`}
        </Text>
        <Group gap="sm">
          <Button
            variant="default"
            onClick={() => revokeOthers.mutate()}
            loading={revokeOthers.isPending}
            disabled={others.length === 0 || everywhere.isPending}
            aria-describedby="other-devices-note"
          >
            Sign out all other devices
          </Button>
          <Button color="red" variant="light" onClick={() => open({ kind: "everywhere" })} disabled={revokeOthers.isPending}>
            Sign out everywhere
          </Button>
        </Group>
      </Group>

      <ConfirmModal
        opened={confirming?.kind === "current"}
        onClose={close}
        title="Sign out of this device?"
        confirmLabel="Sign out"
        onConfirm={() => current && revoke.mutate({ id: current.id })}
        loading={revoke.isPending || revoke.isSuccess}
        error={confirmError}
      >
        You will need to sign in again to use HireXp in this browser. Your other devices stay signed in.
      </ConfirmModal>
      <ConfirmModal
        opened={confirming?.kind === "everywhere"}
        onClose={close}
        title="Sign out everywhere?"
        confirmLabel="Sign out everywhere"
        onConfirm={() => everywhere.mutate()}
        loading={everywhere.isPending || everywhere.isSuccess}
        error={confirmError}
      >
        {`Every browser and device signed in to your account is signed out${others.length > 0 ? ` (${plural(sessions.length, "device", "devices")})` : ""}, this one too. You will need to sign in again.`}
      </ConfirmModal>
    </Stack>
  );
}
