// The signed-in home page. Each role sees what it can do today (every card leads somewhere
// that works), instructors and companies their verification, and, separately and plainly,
// what is still being built for their role. An admin sees the console's parts with what
// their access level lets them do there.
import type { ReactNode } from "react";
import { Badge, Box, Button, Card, Container, Group, List, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { canCall, type Caller, type ProcedurePath } from "../../../shared/access.ts";
import { displayName, ROLE_LABELS, useCurrentUser, type Me, type Role } from "../../lib/auth.ts";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths } from "../../lib/paths.ts";
import { trpc } from "../../lib/trpc.ts";
import { TraineeDashboard } from "./trainee-dashboard.tsx";
import { VerificationStatus } from "./verification-status.tsx";

type Upcoming = { title: string; text: string };

/** The greeting shrinks (and is cut with an ellipsis) rather than push the role's badge onto a line of its own. */
const GREETING_STYLE = { flex: "0 1 auto", minWidth: 0 } as const;

const INTRO: Record<Role, string> = {
  TRAINEE: "HireXp is where you practise workplace conversations: chats and calls with the AI coach, lessons, exercises and timed assessments, each with scored feedback. Your progress, streak and certificate are below.",
  INSTRUCTOR: "HireXp is where you write practice material for trainees: chat and call scenarios, assessments, lessons and exercises, in the content editor of your studio. Once an administrator has verified you, you publish them to the practice catalogue.",
  COMPANY: "HireXp is where you find candidates whose communication skills are measured, not claimed: search trainees who chose to be found, keep notes, mark interest within your monthly quota, and post jobs. An administrator verifies your company first.",
  ADMIN: "You run the platform from the admin console. Here is what your access level lets you do.",
};

/** Not built yet, per role: said plainly, apart from what works, and never as a link. */
const UPCOMING: Record<Role, Upcoming[]> = {
  TRAINEE: [],
  INSTRUCTOR: [],
  COMPANY: [],
  ADMIN: [],
};

export function DashboardPage() {
  const me = useCurrentUser();
  usePageTitle("Dashboard");
  return <DashboardView role={me.role} me={me} />;
}

/**
 * A role's dashboard. What is the person's own is the greeting with their name and, for an
 * admin, the console of their access level; the rest is the role's, the same for everyone, so
 * with `me` null (placeholders for those two) it is the page's prerendered frame
 * (app/role-frames.tsx, decision 027).
 */
export function DashboardView({ role, me }: { role: Role; me: Me | null }) {
  const upcoming = UPCOMING[role];

  return (
    <Container size="lg" px={0}>
      <Stack gap="xl">
        <Stack gap={6}>
          {/* The greeting has one height whatever the name (.hx-greeting, layout.css): the
              introduction below it, the page's largest paint, is where the frame painted it. */}
          <div className="hx-greeting-row">
            {me ? (
              <Title order={1} className="hx-greeting" style={GREETING_STYLE}>
                Welcome, {displayName(me)}
              </Title>
            ) : (
              <Box className="hx-greeting" style={GREETING_STYLE}>
                <Skeleton h="calc(var(--mantine-h1-font-size) * var(--mantine-h1-line-height))" w={260} maw="100%" radius="sm" />
              </Box>
            )}
            <Badge variant="light" size="lg" style={{ flex: "none" }}>
              {ROLE_LABELS[role]}
            </Badge>
          </div>
          <Text c="dimmed">{INTRO[role]}</Text>
        </Stack>

        {(role === "INSTRUCTOR" || role === "COMPANY") && <VerificationStatus kind={role === "INSTRUCTOR" ? "instructor" : "company"} />}

        {role === "ADMIN" && (me ? <AdminConsole me={me} /> : <Skeleton h={320} radius="md" />)}

        {role === "INSTRUCTOR" && (
          <Stack gap="sm" component="section" aria-labelledby="dashboard-studio">
            <Title order={2} size="h3" id="dashboard-studio">
              Studio
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <ActionCard
                id="card-studio"
                title="Your content"
                text="Write and edit scenarios, assessments, lessons and exercises, preview them as a trainee, and publish them."
                action={{ label: "Open the studio", to: paths.studio }}
              />
            </SimpleGrid>
          </Stack>
        )}

        {role === "COMPANY" && (
          <Stack gap="sm" component="section" aria-labelledby="dashboard-jobs">
            <Title order={2} size="h3" id="dashboard-jobs">
              Candidates and jobs
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <ActionCard
                id="card-company-candidates"
                title="Candidate search"
                text="Find trainees who opted in, by skills, languages, level, measured scores and certificate; open their page, keep private notes and mark interest."
                action={{ label: "Search candidates", to: paths.companySearch }}
              />
              <ActionCard
                id="card-company-shortlist"
                title="Shortlist"
                text="The candidates you marked, with their answers; their contact details appear once they accept."
                action={{ label: "Open your shortlist", to: paths.companyShortlist }}
              />
              <ActionCard
                id="card-company-jobs"
                title="Your job postings"
                text="Post jobs to the job board (once your company is verified), close them when you have enough applicants, and see who applied and how their skills match."
                action={{ label: "Open your jobs", to: paths.companyJobs }}
              />
            </SimpleGrid>
          </Stack>
        )}

        {role === "TRAINEE" && <TraineeDashboard />}

        {role === "TRAINEE" && (
          <Stack gap="sm" component="section" aria-labelledby="dashboard-practice">
            <Title order={2} size="h3" id="dashboard-practice">
              Practice
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <ActionCard
                id="card-practice"
                title="Practice library"
                text="Talk workplace scenarios through with the AI coach in a chat or a call and get scored feedback; lessons, exercises and assessments too, filtered by type, topic and level."
                action={{ label: "Browse practice", to: paths.practice }}
              />
              <ActionCard
                id="card-jobs"
                title="Job board"
                text="Open positions at verified companies; the ones that ask for the skills on your profile come first. Applying shares your email and phone with that company."
                action={{ label: "Browse jobs", to: paths.jobs }}
              />
            </SimpleGrid>
          </Stack>
        )}

        <Stack gap="sm" component="section" aria-labelledby="dashboard-account">
          <Title order={2} size="h3" id="dashboard-account">
            Your account
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <ActionCard
              id="card-profile"
              title="Profile"
              text={PROFILE_TEXT[role]}
              action={{ label: "Edit your profile", to: paths.settingsProfile }}
            />
            <ActionCard
              id="card-security"
              title="Security"
              text="See where you are signed in, change your password or email, and manage the ways you sign in."
              action={{ label: "Open security settings", to: paths.settingsSecurity }}
            />
          </SimpleGrid>
        </Stack>

        {upcoming.length > 0 && (
          <Stack gap="xs" component="section" aria-labelledby="dashboard-upcoming">
            <Title order={2} size="h3" id="dashboard-upcoming">
              Coming next
            </Title>
            <Text size="sm" c="dimmed">
              These parts of HireXp are being built. They will appear here when they open; there is nothing to set up for them yet.
            </Text>
            <List size="sm" spacing={6}>
              {upcoming.map((u) => (
                <List.Item key={u.title}>
                  <Text span fw={600} inherit>
                    {u.title}:
                  </Text>{" "}
                  {u.text}
                </List.Item>
              ))}
            </List>
          </Stack>
        )}
      </Stack>
    </Container>
  );
}

const PROFILE_TEXT: Record<Role, string> = {
  TRAINEE: "Add the languages you speak, the skills you are working on and a short bio: they will go with your results and certificate.",
  INSTRUCTOR: "Tell the reviewer and, later, trainees who you are: a bio, the languages you speak, your links.",
  COMPANY: "Tell the reviewer and, later, candidates about you: a bio, your website and links, the languages you work in.",
  ADMIN: "Your name, picture, time zone and notification settings.",
};

function ActionCard({ id, title, text, action, extra }: { id: string; title: string; text: ReactNode; action: { label: string; to: string }; extra?: ReactNode }) {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={id}>
      <Stack gap="xs" h="100%">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Title order={3} size="h4" id={id}>
            {title}
          </Title>
          {extra}
        </Group>
        <Text size="sm" c="dimmed" style={{ flex: 1 }}>
          {text}
        </Text>
        <Group>
          <Button component={Link} to={action.to} variant="light">
            {action.label}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

const LEVEL_NAMES: Record<number, string> = { 1: "view and verify", 2: "manage accounts", 3: "super admin" };

/** What each part of the console lets this admin do, from the access table the server uses. */
function AdminConsole({ me }: { me: Me }) {
  const level = me.adminLevel ?? null;
  const caller: Caller = { role: me.role, adminLevel: level };
  const can = (p: ProcedurePath) => canCall(p, caller);
  const queue = useQuery({ ...trpc.admin.verification.list.queryOptions(), enabled: can("admin.verification.list") });
  const waiting = queue.data?.items.length;

  const userActions = [
    can("admin.users.list") && "find and open any account",
    can("admin.users.suspend") && "suspend and reactivate",
    can("admin.users.signOutEverywhere") && "sign people out everywhere",
    can("admin.users.sendPasswordReset") && "send password-reset links",
    can("admin.users.setRole") && "change roles",
    can("admin.users.delete") && "delete accounts",
  ].filter((x): x is string => typeof x === "string");

  const parts: { id: string; title: string; text: ReactNode; to: string; label: string; extra?: ReactNode; allowed: boolean }[] = [
    {
      id: "card-admin-stats",
      title: "Statistics",
      text: `Users by role and status, active sessions and sign-ups per day${can("admin.stats.refresh") ? "; refresh the activity numbers on demand" : ""}.`,
      to: paths.adminDashboard,
      label: "Open statistics",
      allowed: can("admin.stats.get"),
    },
    {
      id: "card-admin-users",
      title: "Users",
      text: `You can ${sentence(userActions)}.`,
      to: paths.adminUsers,
      label: "Open users",
      allowed: can("admin.users.list"),
    },
    {
      id: "card-admin-verification",
      title: "Verification",
      text: "Verify or reject new instructors and companies, with a reason they can read.",
      to: paths.adminVerification,
      label: "Open the queue",
      extra:
        waiting === undefined ? undefined : (
          <Badge variant="light" color={waiting > 0 ? "orange" : "gray"}>
            {waiting === 0 ? "Nobody waiting" : `${waiting} waiting`}
          </Badge>
        ),
      allowed: can("admin.verification.list"),
    },
    {
      id: "card-admin-audit",
      title: "Audit log",
      text: "Who did what to whom, when and from where; filter it and export it as CSV.",
      to: paths.adminAudit,
      label: "Open the audit log",
      allowed: can("admin.audit.list"),
    },
  ];
  const open = parts.filter((p) => p.allowed);

  return (
    <Stack gap="sm" component="section" aria-labelledby="dashboard-admin">
      <Group gap="sm" align="baseline">
        <Title order={2} size="h3" id="dashboard-admin">
          Admin console
        </Title>
        <Text size="sm" c="dimmed">
          {level === null ? "Your account has no admin access level, so the console is closed to you; a super admin can set one." : `Access level ${level} (${LEVEL_NAMES[level] ?? "admin"})`}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        {open.map((p) => (
          <ActionCard key={p.id} id={p.id} title={p.title} text={p.text} action={{ label: p.label, to: p.to }} extra={p.extra} />
        ))}
      </SimpleGrid>
      {level !== null && level < 3 && (
        <Text size="sm" c="dimmed">
          {level === 1
            ? "Suspending, signing out and sending reset links need level 2; changing roles and deleting accounts need level 3 (a super admin)."
            : "Changing roles and deleting accounts need level 3 (a super admin)."}
        </Text>
      )}
    </Stack>
  );
}

function sentence(items: string[]): string {
  if (items.length <= 1) return items[0] ?? "see nothing here";
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
