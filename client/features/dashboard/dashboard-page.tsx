import { Badge, Button, Card, Container, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";
import { displayName, ROLE_LABELS, useCurrentUser, type Role } from "../../lib/auth.ts";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths } from "../../lib/paths.ts";

type Area = { title: string; text: string };

const WELCOME: Record<Role, { intro: string; areas: Area[] }> = {
  TRAINEE: {
    intro: "This is your practice space. Here is what is coming to it:",
    areas: [
      { title: "Chat practice", text: "Pick a workplace scenario and talk it through with the AI coach, then get scored feedback." },
      { title: "Voice calls", text: "Practise out loud: the coach answers by voice and keeps a live transcript." },
      { title: "Assessments", text: "Grammar, vocabulary and reading tests written by instructors, with your score and time." },
      { title: "Progress and certificate", text: "Streaks, levels and badges, and a certificate anyone can verify once you reach the bar." },
    ],
  },
  INSTRUCTOR: {
    intro: "This is your content editor. Here is what is coming to it:",
    areas: [
      { title: "Scenarios", text: "Write chat and call scenarios, with the topic, difficulty and the coach's script." },
      { title: "Assessments and lessons", text: "Build assessments, lessons and exercises, each with a checked structure." },
      { title: "Publishing", text: "Preview, publish and unpublish; publishing opens once an admin verifies you." },
      { title: "Insights", text: "See how often your content is used and how trainees rate it." },
    ],
  },
  COMPANY: {
    intro: "This is your candidate search. Here is what is coming to it:",
    areas: [
      { title: "Company profile", text: "Tell candidates who you are. An admin verifies companies before they can search." },
      { title: "Candidate search", text: "Find certified trainees by skills, level, scores, languages and location." },
      { title: "Shortlist and notes", text: "Keep notes on candidates and mark the ones you are interested in." },
      { title: "Jobs", text: "Post, edit and close job openings." },
    ],
  },
  ADMIN: {
    intro: "This is the admin console. Here is what is coming to it:",
    areas: [
      { title: "Users", text: "Find any user; change roles, suspend, reactivate, sign out everywhere." },
      { title: "Verification", text: "Verify instructors and companies." },
      { title: "Audit log", text: "Who did what to whom, when and from where, with filters." },
      { title: "Statistics", text: "Users by role and status, sessions and scores across the platform." },
    ],
  },
};

export function DashboardPage() {
  const me = useCurrentUser();
  usePageTitle("Dashboard");
  const welcome = WELCOME[me.role];

  return (
    <Container size="lg" px={0}>
      <Stack gap="xl">
        <Stack gap={6}>
          <Group gap="sm">
            <Title order={1}>Welcome, {displayName(me)}</Title>
            <Badge variant="light" size="lg">
              {ROLE_LABELS[me.role]}
            </Badge>
          </Group>
          <Text c="dimmed">{welcome.intro}</Text>
        </Stack>

        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          {welcome.areas.map((area) => (
            <Card key={area.title} withBorder padding="lg" component="section" aria-labelledby={slug(area.title)}>
              <Group justify="space-between" align="flex-start" mb="xs" wrap="nowrap">
                <Title order={2} size="h4" id={slug(area.title)}>
                  {area.title}
                </Title>
                <Badge color="gray" variant="light">
                  Coming soon
                </Badge>
              </Group>
              <Text size="sm" c="dimmed">
                {area.text}
              </Text>
            </Card>
          ))}
        </SimpleGrid>

        <Card withBorder padding="lg" component="section" aria-labelledby="dashboard-now">
          <Title order={2} size="h4" id="dashboard-now" mb="xs">
            What you can do now
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            Complete your profile so it is ready when the rest arrives, and keep your account safe.
          </Text>
          <Group>
            <Button component={Link} to={paths.settingsProfile}>
              Complete your profile
            </Button>
            <Button component={Link} to={paths.settingsSecurity} variant="default">
              Security settings
            </Button>
          </Group>
        </Card>
      </Stack>
    </Container>
  );
}

function slug(s: string): string {
  return `area-${s.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
}
