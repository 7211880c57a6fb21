// Why an instructor cannot publish yet, and what to do about it: shown before they try (from
// their verification status) and when the server refuses (INSTRUCTOR_NOT_VERIFIED). Drafts
// save either way.
import { Alert, Anchor, List, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { useCurrentRole } from "../../app/role-frame.tsx";
import { paths } from "../../lib/paths.ts";
import { trpc } from "../../lib/trpc.ts";

export type PublishRight = { canPublish: boolean; status: "verified" | "pending" | "rejected" | "none" | "unknown"; reason: string | null };

/** Whether the signed-in person may publish: admins always, instructors once verified. */
export function usePublishRight(): PublishRight {
  // The role only: the studio's prerendered frame renders this too (app/role-frames.tsx).
  const role = useCurrentRole();
  const profile = useQuery({ ...trpc.profile.get.queryOptions(), enabled: role === "INSTRUCTOR" });
  if (role === "ADMIN") return { canPublish: true, status: "verified", reason: null };
  if (profile.isPending || profile.isError) return { canPublish: true, status: "unknown", reason: null };
  const v = profile.data.verification;
  if (!v) return { canPublish: false, status: "none", reason: null };
  return { canPublish: v.status === "verified", status: v.status, reason: v.reason ?? null };
}

export function PublishNotice({ right, refusal }: { right: PublishRight; refusal?: string | null }) {
  if (right.canPublish && !refusal) return null;
  return (
    <Alert color="yellow" variant="light" title="You cannot publish yet" role="status">
      <Text size="sm" mb="xs">
        {refusal ?? "Only verified instructors can publish. An administrator verifies every instructor profile first."} Your drafts save as usual, and you can preview them.
      </Text>
      <Text size="sm" fw={500}>
        What to do:
      </Text>
      <List size="sm" spacing={2} type="ordered">
        {right.status === "rejected" ? (
          <>
            <List.Item>
              An administrator could not verify your profile{right.reason ? `: “${right.reason}”` : "."}
            </List.Item>
            <List.Item>
              <Anchor component={Link} to={paths.settingsProfile} inherit>
                Update your profile
              </Anchor>{" "}
              with what they ask for.
            </List.Item>
            <List.Item>
              Ask for another review from{" "}
              <Anchor component={Link} to={paths.dashboard} inherit>
                your dashboard
              </Anchor>
              .
            </List.Item>
          </>
        ) : (
          <>
            <List.Item>
              <Anchor component={Link} to={paths.settingsProfile} inherit>
                Complete your profile
              </Anchor>{" "}
              so the reviewer can see who you are.
            </List.Item>
            <List.Item>
              {right.status === "pending"
                ? "Your profile is waiting for review; we email you when an administrator has decided."
                : "Ask for verification: your request appears in the administrators' queue."}{" "}
              Your{" "}
              <Anchor component={Link} to={paths.dashboard} inherit>
                dashboard
              </Anchor>{" "}
              shows where it stands.
            </List.Item>
            <List.Item>Once verified, publish from here.</List.Item>
          </>
        )}
      </List>
    </Alert>
  );
}
