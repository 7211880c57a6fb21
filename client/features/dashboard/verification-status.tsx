// An instructor's or company's verification, as the admins' queue left it: waiting, verified,
// or not verified (with the admin's reason and a way to ask for another review).
import { useState } from "react";
import { Alert, Anchor, Badge, Blockquote, Button, Group, List, Skeleton, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Link } from "react-router";
import type { AppRouter } from "../../../server/routers/app.ts";
import { QueryError } from "../../components/query-error.tsx";
import { SectionCard } from "../../components/section-card.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { paths } from "../../lib/paths.ts";
import { errorMessage, queryClient, trpc } from "../../lib/trpc.ts";

export type Verification = NonNullable<inferRouterOutputs<AppRouter>["profile"]["get"]["verification"]>;

const WHAT: Record<Verification["kind"], { profile: string; unlocks: string }> = {
  instructor: { profile: "instructor profile", unlocks: "publish practice content for trainees" },
  company: { profile: "company profile", unlocks: "search certified candidates and post jobs" },
};

const STATUS_BADGE: Record<Verification["status"], { label: string; color: string }> = {
  pending: { label: "Waiting for review", color: "yellow" },
  verified: { label: "Verified", color: "green" },
  rejected: { label: "Not verified", color: "red" },
};

const day = (d: Date) => d.toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric" });

/** The verification card of the dashboard; renders nothing for roles that are not verified. */
export function VerificationStatus({ kind }: { kind: Verification["kind"] }) {
  const profile = useQuery(trpc.profile.get.queryOptions());
  if (profile.isPending) return <VerificationPlaceholder kind={kind} />;
  if (profile.isError) {
    return (
      <SectionCard id="verification" title="Verification">
        <QueryError title="We could not load your verification status" error={profile.error} onRetry={() => void profile.refetch()} retrying={profile.isFetching} />
      </SectionCard>
    );
  }
  const v = profile.data.verification;
  if (!v) return null;
  return <VerificationCard verification={v} email={profile.data.email} />;
}

/**
 * The card's frame while the status loads (heading and line as they will be, the status as
 * placeholders), so the dashboard's sections below it do not move when it arrives
 * (Lighthouse's layout shift).
 */
function VerificationPlaceholder({ kind }: { kind: Verification["kind"] }) {
  const what = WHAT[kind];
  return (
    <SectionCard
      id="verification"
      title="Verification"
      description={`An administrator verifies every ${what.profile} before it can ${what.unlocks}.`}
      actions={<Skeleton h={32} w={150} radius="xl" />}
    >
      <Stack gap={6} aria-busy="true" aria-label="Loading your verification status">
        <Skeleton h={20} w={220} />
        <Skeleton h={16} />
        <Skeleton h={16} w="60%" />
      </Stack>
    </SectionCard>
  );
}

function VerificationCard({ verification: v, email }: { verification: Verification; email: string }) {
  const what = WHAT[v.kind];
  const badge = STATUS_BADGE[v.status];
  return (
    <SectionCard
      id="verification"
      title="Verification"
      description={`An administrator verifies every ${what.profile} before it can ${what.unlocks}.`}
      actions={
        <Badge color={badge.color} variant="light" size="lg" aria-hidden>
          {badge.label}
        </Badge>
      }
    >
      <Text fw={600}>
        Status: {badge.label}
        {v.status !== "pending" && (
          <Text span c="dimmed" fw={400} size="sm" title={formatDateTime(v.since)}>
            {" "}
            since {day(v.since)}
          </Text>
        )}
      </Text>
      {v.status === "pending" && (
        <Stack gap="xs">
          <Text size="sm">What happens next:</Text>
          <List size="sm" spacing={4} type="ordered">
            <List.Item>An administrator reviews your {what.profile}; you have been in the queue since {day(v.since)}.</List.Item>
            <List.Item>We email {email} when they have decided, with the reason if they cannot verify you.</List.Item>
            <List.Item>Once verified, you can {what.unlocks}.</List.Item>
          </List>
          <Text size="sm">
            Meanwhile,{" "}
            <Anchor component={Link} to={paths.settingsProfile} inherit>
              complete your profile
            </Anchor>{" "}
            so the reviewer can see who you are.
          </Text>
        </Stack>
      )}
      {v.status === "verified" && (
        <Text size="sm">
          Your {what.profile} is verified. You can {what.unlocks}.
        </Text>
      )}
      {v.status === "rejected" && <Rejected verification={v} />}
    </SectionCard>
  );
}

function Rejected({ verification: v }: { verification: Verification }) {
  const what = WHAT[v.kind];
  const [failure, setFailure] = useState<string | null>(null);
  const ask = useMutation({
    ...trpc.profile.requestVerification.mutationOptions(),
    onSuccess: (verification) => {
      setFailure(null);
      queryClient.setQueryData(trpc.profile.get.queryKey(), (old) => (old ? { ...old, verification } : old));
      notifications.show({ color: "teal", title: "Review requested", message: `Your ${what.profile} is back in the review queue.` });
    },
    onError: (error) => {
      setFailure(errorMessage(error));
      // "Already waiting" or "already verified": show how it stands now.
      void queryClient.invalidateQueries({ queryKey: trpc.profile.get.queryKey() });
    },
  });
  return (
    <Stack gap="sm">
      <Text size="sm">An administrator could not verify your {what.profile}.</Text>
      {v.reason ? (
        <Blockquote color="red" p="sm" cite="— the administrator's reason" aria-label="The administrator's reason">
          {v.reason}
        </Blockquote>
      ) : (
        <Text size="sm" c="dimmed">
          No reason was given.
        </Text>
      )}
      <Text size="sm">
        To ask again:{" "}
        <Anchor component={Link} to={paths.settingsProfile} inherit>
          update your profile
        </Anchor>{" "}
        with what the reason asks for, then ask for another review. An administrator will look again and email you the outcome.
      </Text>
      {failure && (
        <Alert color="red" role="alert" title="We could not send your request">
          {failure}
        </Alert>
      )}
      <Group>
        <Button onClick={() => ask.mutate()} loading={ask.isPending}>
          Ask for another review
        </Button>
      </Group>
    </Stack>
  );
}
