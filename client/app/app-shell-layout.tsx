import { useEffect, type ReactNode } from "react";
import {
  AppShell,
  Avatar,
  Burger,
  Group,
  Menu,
  NavLink,
  Text,
  UnstyledButton,
  useMantineColorScheme,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { Link, Outlet, useLocation } from "react-router";
import { displayName, ROLE_LABELS, useCurrentUser, useSignOut, type Role } from "../lib/auth.ts";
import { paths } from "../lib/paths.ts";
import { trpc } from "../lib/trpc.ts";
import { Brand } from "./brand.tsx";
import { PageSuspense } from "./lazy-page.tsx";
import { ReleaseRoleFrame } from "./role-frame.tsx";
import { SkipLink } from "./skip-link.tsx";

const NAV = [
  { to: paths.dashboard, label: "Dashboard" },
  { to: paths.practice, label: "Practice" },
  { to: paths.practiceHistory, label: "Practice history", roles: ["TRAINEE"] },
  { to: paths.assessments, label: "Assessments", roles: ["TRAINEE"] },
  { to: paths.certificates, label: "Certificates", roles: ["TRAINEE"] },
  { to: paths.candidateInterests, label: "Companies", roles: ["TRAINEE"] },
  { to: paths.studio, label: "Studio", roles: ["INSTRUCTOR", "ADMIN"] },
  { to: paths.companySearch, label: "Candidates", roles: ["COMPANY"] },
  { to: paths.companyShortlist, label: "Shortlist", roles: ["COMPANY"] },
  { to: paths.companyJobs, label: "Jobs", roles: ["COMPANY"] },
  { to: paths.jobs, label: "Jobs", roles: ["TRAINEE", "INSTRUCTOR", "ADMIN"] },
  { to: paths.companyProfile, label: "Company profile", roles: ["COMPANY"] },
  { to: paths.companyApiKeys, label: "API keys", roles: ["COMPANY"] },
  { to: paths.settingsProfile, label: "Profile" },
  { to: paths.settingsCandidate, label: "Candidate settings", roles: ["TRAINEE"] },
  { to: paths.settingsSecurity, label: "Security" },
] as const satisfies readonly { to: string; label: string; roles?: readonly string[] }[];

/** The admin console, shown to role ADMIN only. `name` tells it apart from the main "Dashboard". */
const ADMIN_NAV = [
  { to: paths.adminDashboard, label: "Dashboard", name: "Admin dashboard" },
  { to: paths.adminUsers, label: "Users", name: undefined },
  { to: paths.adminVerification, label: "Verification", name: undefined },
  { to: paths.adminAudit, label: "Audit log", name: undefined },
  { to: paths.adminCertificates, label: "Certificates", name: "Admin certificates" },
];

/** The frame of every signed-in page: header with the user menu, side navigation, content. */
export function AppShellLayout() {
  const role = useCurrentUser().role;
  return (
    <AppShellFrame role={role} userMenu={<UserMenu />}>
      <ThemePreference />
      <PageSuspense>
        {/* A page prerendered per role (role-frame.tsx): its frame goes once the page is here. */}
        <ReleaseRoleFrame />
        <Outlet />
      </PageSuspense>
    </AppShellFrame>
  );
}

/**
 * The signed-in frame for a role, around `children`: also what the build prerenders a role's
 * page in (role-frames.tsx), with a placeholder for the user menu, so both lay out the same.
 */
export function AppShellFrame({ role, userMenu, children }: { role: Role; userMenu: ReactNode; children: ReactNode }) {
  const [navOpen, nav] = useDisclosure(false);
  const location = useLocation();
  const isAdmin = role === "ADMIN";

  // On phones the navigation is a drawer: close it once a page was chosen.
  useEffect(() => nav.close(), [location.pathname]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 230, breakpoint: "sm", collapsed: { mobile: !navOpen } }}
      padding={{ base: "md", sm: "xl" }}
    >
      <AppShell.Header>
        <SkipLink />
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={navOpen}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={navOpen ? "Close navigation" : "Open navigation"}
              aria-expanded={navOpen}
              aria-controls="app-navigation"
            />
            <Brand to={paths.dashboard} />
          </Group>
          {userMenu}
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" id="app-navigation" component="nav" aria-label="Main navigation">
        {NAV.filter((item) => !("roles" in item) || (item.roles as readonly string[]).includes(role)).map((item) => (
          <NavLink
            key={item.to}
            component={Link}
            to={item.to}
            label={item.label}
            // The studio's editor pages keep "Studio" highlighted, a job's pages "Jobs", a candidate's page "Candidates".
            active={
              location.pathname === item.to ||
              ([paths.studio, paths.companyJobs, paths.jobs] as string[]).some((p) => item.to === p && location.pathname.startsWith(`${p}/`)) ||
              (item.to === paths.companySearch && location.pathname.startsWith("/company/candidates/"))
            }
            aria-current={location.pathname === item.to ? "page" : undefined}
            style={{ borderRadius: "var(--mantine-radius-md)" }}
          />
        ))}
        {isAdmin && (
          <>
            <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mt="md" mb={4} id="admin-nav-heading">
              Admin
            </Text>
            <div role="group" aria-labelledby="admin-nav-heading">
              {ADMIN_NAV.map((item) => {
                // A user's page (/admin/users/<id>) keeps "Users" highlighted.
                const here = location.pathname === item.to;
                const within = item.to !== paths.adminDashboard && location.pathname.startsWith(`${item.to}/`);
                return (
                  <NavLink
                    key={item.to}
                    component={Link}
                    to={item.to}
                    label={item.label}
                    aria-label={item.name}
                    active={here || within}
                    aria-current={here ? "page" : undefined}
                    style={{ borderRadius: "var(--mantine-radius-md)" }}
                  />
                );
              })}
            </div>
          </>
        )}
      </AppShell.Navbar>

      <AppShell.Main id="main" tabIndex={-1} style={{ outline: "none" }} className="hx-page">
        {children}
      </AppShell.Main>
    </AppShell>
  );
}

function UserMenu() {
  const me = useCurrentUser();
  const { signOut, pending } = useSignOut();
  const name = displayName(me);
  return (
    <Menu position="bottom-end" width={260} withinPortal={false}>
      <Menu.Target>
        <UnstyledButton aria-label={`${name}: account menu`} style={{ borderRadius: "var(--mantine-radius-md)", padding: "4px 8px" }}>
          <Group gap="xs" wrap="nowrap">
            <Avatar size={32} radius="xl" color="cyan" name={name} src={me.avatar ?? null} alt="" aria-hidden />
            <Text size="sm" fw={500} visibleFrom="xs" truncate maw={180}>
              {name}
            </Text>
            <Text size="xs" c="dimmed" aria-hidden>
              ▾
            </Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="xs" c="dimmed" truncate title={me.email}>
            {me.email}
          </Text>
          <Text size="xs" c="dimmed">
            {ROLE_LABELS[me.role]}
          </Text>
        </Menu.Label>
        <Menu.Item component={Link} to={paths.settingsProfile}>
          Profile
        </Menu.Item>
        <Menu.Item component={Link} to={paths.settingsSecurity}>
          Security
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red.8" onClick={signOut} disabled={pending}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/**
 * Applies the theme chosen in the profile (light, dark or the device's), when it is not the one
 * already applied. A component of its own, rendering nothing: the profile query's updates re-render
 * it alone, not the whole signed-in frame. Mantine's `setColorScheme` is a new function on every
 * render and disables transitions for the whole document each time it is called (a style
 * recalculation, twice): called on every render of the frame, as it was, it made the page's
 * first render after the profile answered one long synchronous task (42–71 ms unthrottled,
 * 170–290 ms at a phone's 4× slowdown; issue 13's blocking time).
 */
function ThemePreference() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const theme = useQuery(trpc.profile.get.queryOptions()).data?.preferences.theme;
  useEffect(() => {
    if (theme && theme !== colorScheme) setColorScheme(theme);
  }, [theme, colorScheme, setColorScheme]);
  return null;
}
