// Admin → one user: account, profile, role profile, sessions, recent events, and the
// actions the admin's level allows.
import type { ReactNode } from "react";
import { Anchor, Badge, Code, Container, DataList, Group, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { useCurrentUser } from "../../lib/auth.ts";
import { formatDateTime } from "../../lib/format.ts";
import { usePageTitle } from "../../lib/page-title.ts";
import { adminUserPath, paths } from "../../lib/paths.ts";
import { trpc, trpcCodeOf } from "../../lib/trpc.ts";
import { languageName } from "../../../shared/languages.ts";
import { auditActionLabel, ROLE_COLORS, ROLE_LABELS, STATUS_COLORS, STATUS_LABELS } from "./admin-text.ts";
import { AdminSection, Fact } from "./admin-section.tsx";
import { UserActions, type AdminUserDetail } from "./user-actions.tsx";

export function UserDetailPage() {
  const { userId = "" } = useParams();
  const user = useQuery(trpc.admin.users.get.queryOptions({ userId }));
  const title = user.data ? user.data.profile?.name?.trim() || user.data.email : "User";
  usePageTitle(title);

  return (
    <Container size="lg" px={0}>
      <Stack gap="lg">
        <Anchor component={Link} to={paths.adminUsers} size="sm">
          ← All users
        </Anchor>
        {user.isPending ? (
          <PageLoader label="Loading the user…" />
        ) : user.isError ? (
          trpcCodeOf(user.error) === "NOT_FOUND" ? (
            <Stack gap="xs">
              <Title order={1}>No such user</Title>
              <Text c="dimmed">There is no account with this id. It may have been deleted.</Text>
            </Stack>
          ) : (
            <QueryError title="We could not load this user" error={user.error} onRetry={() => void user.refetch()} retrying={user.isFetching} />
          )
        ) : (
          <UserDetail user={user.data} />
        )}
      </Stack>
    </Container>
  );
}

function UserDetail({ user }: { user: AdminUserDetail }) {
  const name = user.profile?.name?.trim() || null;
  return (
    <Stack gap="lg">
      <Stack gap={6}>
        <Group gap="sm" align="center">
          <Title order={1} style={{ overflowWrap: "anywhere" }}>
            {name ?? user.email}
          </Title>
          <Badge variant="light" size="lg" color={ROLE_COLORS[user.role]}>
            {ROLE_LABELS[user.role]}
          </Badge>
          <Badge variant="dot" size="lg" color={STATUS_COLORS[user.status]}>
            {STATUS_LABELS[user.status]}
          </Badge>
        </Group>
        {name && <Text c="dimmed">{user.email}</Text>}
        {user.status === "SUSPENDED" && (
          <Text size="sm" c="red.8">
            {user.suspendedUntil ? `Suspended until ${formatDateTime(user.suspendedUntil)}.` : "Suspended until an admin reactivates the account."}
          </Text>
        )}
      </Stack>

      <AdminSection id="user-actions" title="Manage">
        <UserActions user={{ id: user.id, email: user.email, role: user.role, status: user.status, name, adminLevel: user.adminProfile?.accessLevel ?? null }} />
      </AdminSection>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <AdminSection id="user-account" title="Account">
          <DataList labelWidth={150}>
            <Fact label="User id">
              <Code>{user.id}</Code>
            </Fact>
            <Fact label="Email verified">{user.emailVerified ? <When date={user.emailVerified} /> : "Not verified"}</Fact>
            <Fact label="Created">
              <When date={user.createdAt} />
            </Fact>
            <Fact label="Last sign-in">{user.lastLoginAt ? <When date={user.lastLoginAt} /> : "Never"}</Fact>
            <Fact label="Last changed">
              <When date={user.updatedAt} />
            </Fact>
            <Fact label="Sign-in providers">{user.accounts.length > 0 ? user.accounts.map((a) => a.provider).join(", ") : "None (password only)"}</Fact>
          </DataList>
        </AdminSection>

        <AdminSection id="user-profile" title="Profile">
          {user.profile ? (
            <DataList labelWidth={150}>
              <Fact label="Name">{user.profile.name || "—"}</Fact>
              <Fact label="Phone">{user.profile.phone || "—"}</Fact>
              <Fact label="Location">{user.profile.location || "—"}</Fact>
              <Fact label="Time zone">{user.profile.timezone || "—"}</Fact>
              <Fact label="Languages">{user.profile.languages.map((code) => languageName(code)).join(", ") || "—"}</Fact>
              <Fact label="Skills">{user.profile.skills.join(", ") || "—"}</Fact>
              <Fact label="Links">
                <ProfileLinks links={[user.profile.website, user.profile.linkedIn, user.profile.github]} />
              </Fact>
              {user.profile.bio && <Fact label="Bio">{user.profile.bio}</Fact>}
            </DataList>
          ) : (
            <Text size="sm" c="dimmed">
              No profile.
            </Text>
          )}
        </AdminSection>
      </SimpleGrid>

      <RoleProfiles user={user} />

      <AdminSection id="user-sessions" title="Sessions" description="Where this account is signed in now.">
        {user.sessions.length === 0 ? (
          <Text size="sm" c="dimmed">
            Not signed in anywhere.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={560} type="native">
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Device</Table.Th>
                  <Table.Th scope="col">IP address</Table.Th>
                  <Table.Th scope="col">Signed in</Table.Th>
                  <Table.Th scope="col">Last seen</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {user.sessions.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Th scope="row" fw={500}>
                      {s.device}
                    </Table.Th>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {s.ipAddress ?? "Unknown"}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <RelativeTime date={s.createdAt} size="sm" />
                    </Table.Td>
                    <Table.Td>
                      <RelativeTime date={s.lastSeenAt} size="sm" />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </AdminSection>

      <AdminSection
        id="user-events"
        title="Recent events"
        description="The latest 20 audit entries by or about this user."
        actions={
          <Anchor component={Link} to={`${paths.adminAudit}?${new URLSearchParams({ targetId: user.id }).toString()}`} size="sm">
            Open in the audit log
          </Anchor>
        }
      >
        {user.recentEvents.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing recorded yet.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={560} type="native">
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">When</Table.Th>
                  <Table.Th scope="col">What</Table.Th>
                  <Table.Th scope="col">By</Table.Th>
                  <Table.Th scope="col">IP address</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {user.recentEvents.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>
                      <RelativeTime date={e.createdAt} size="sm" />
                    </Table.Td>
                    <Table.Th scope="row" fw={500}>
                      {auditActionLabel(e.action)}
                      <EventDetails details={e.details} />
                    </Table.Th>
                    <Table.Td>
                      <Actor actorId={e.userId} subjectId={user.id} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {e.ipAddress ?? "—"}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </AdminSection>
    </Stack>
  );
}

function RoleProfiles({ user }: { user: AdminUserDetail }) {
  const { instructorProfile: ip, companyProfile: cp, adminProfile: ap } = user;
  if (!ip && !cp && !ap) return null;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      {ip && (
        <AdminSection id="user-instructor" title="Instructor profile" actions={<VerifiedBadge p={ip} />}>
          <DataList labelWidth={150}>
            <Fact label="Specializations">{ip.specializations.join(", ") || "—"}</Fact>
            <Fact label="Certifications">{ip.certifications.join(", ") || "—"}</Fact>
            <Fact label="Experience">{ip.yearsOfExperience === null ? "—" : `${ip.yearsOfExperience} years`}</Fact>
            <Decision p={ip} />
          </DataList>
        </AdminSection>
      )}
      {cp && (
        <AdminSection id="user-company" title="Company profile" actions={<VerifiedBadge p={cp} />}>
          <DataList labelWidth={150}>
            <Fact label="Company">{cp.companyName}</Fact>
            <Fact label="Industry">{cp.industry || "—"}</Fact>
            <Fact label="Size">{cp.companySize || "—"}</Fact>
            <Fact label="Country">{cp.country || "—"}</Fact>
            <Fact label="Website">
              <ProfileLinks links={[cp.website]} />
            </Fact>
            <Fact label="Hiring quota">{`${cp.hiringQuota} a month`}</Fact>
            <Decision p={cp} />
          </DataList>
        </AdminSection>
      )}
      {ap && (
        <AdminSection id="user-admin" title="Admin profile">
          <DataList labelWidth={150}>
            <Fact label="Access level">{`${ap.accessLevel} — ${LEVEL_TEXT[ap.accessLevel] ?? "custom"}`}</Fact>
            <Fact label="Department">{ap.department || "—"}</Fact>
          </DataList>
        </AdminSection>
      )}
    </SimpleGrid>
  );
}

const LEVEL_TEXT: Record<number, string> = {
  1: "view and verify",
  2: "also suspend, reactivate, sign out, reset passwords",
  3: "super admin: also change roles and delete",
};

type Verifiable = { isVerified: boolean; verifiedAt: Date | null; rejectedAt: Date | null; rejectionReason: string | null };

function VerifiedBadge({ p }: { p: Verifiable }) {
  if (p.isVerified) return <Badge color="teal" variant="light">Verified</Badge>;
  if (p.rejectedAt) return <Badge color="red" variant="light">Rejected</Badge>;
  return (
    <Anchor component={Link} to={paths.adminVerification} size="sm">
      <Badge color="yellow" variant="light" style={{ cursor: "inherit" }}>
        Waiting for review
      </Badge>
    </Anchor>
  );
}

function Decision({ p }: { p: Verifiable }) {
  if (p.isVerified && p.verifiedAt) {
    return (
      <Fact label="Verified">
        <When date={p.verifiedAt} />
      </Fact>
    );
  }
  if (p.rejectedAt) {
    return (
      <>
        <Fact label="Rejected">
          <When date={p.rejectedAt} />
        </Fact>
        {p.rejectionReason && <Fact label="Reason">{p.rejectionReason}</Fact>}
      </>
    );
  }
  return null;
}

function Actor({ actorId, subjectId }: { actorId: string | null; subjectId: string }) {
  const me = useCurrentUser();
  if (actorId === null) return <Text size="sm" c="dimmed">System</Text>;
  if (actorId === subjectId) return <Text size="sm">This user</Text>;
  if (actorId === me.id) return <Text size="sm">You</Text>;
  return (
    <Anchor component={Link} to={adminUserPath(actorId)} size="sm">
      Another user
    </Anchor>
  );
}

/** A short line of the event's details ("reason: …, to: ADMIN"), or nothing. */
function EventDetails({ details }: { details: unknown }) {
  if (!details || typeof details !== "object" || Array.isArray(details)) return null;
  const parts = Object.entries(details as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== "object")
    .map(([k, v]) => `${k}: ${String(v)}`);
  if (parts.length === 0) return null;
  return (
    <Text size="xs" c="dimmed" fw={400} lineClamp={2}>
      {parts.join(" · ")}
    </Text>
  );
}

function ProfileLinks({ links }: { links: (string | null)[] }) {
  const shown = links.filter((l): l is string => !!l);
  if (shown.length === 0) return <>—</>;
  return (
    <Stack gap={2}>
      {shown.map((l) =>
        /^https?:\/\//i.test(l) ? (
          <Anchor key={l} href={l} target="_blank" rel="noopener noreferrer nofollow" size="sm" style={{ overflowWrap: "anywhere" }}>
            {l}
          </Anchor>
        ) : (
          <Text key={l} size="sm" style={{ overflowWrap: "anywhere" }}>
            {l}
          </Text>
        ),
      )}
    </Stack>
  );
}

function When({ date }: { date: Date }) {
  return (
    <>
      {formatDateTime(date)} (<RelativeTime date={date} />)
    </>
  );
}

