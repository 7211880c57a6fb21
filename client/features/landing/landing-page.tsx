import { Button, Card, Container, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { Link } from "react-router";
import { useHydrated } from "../../app/hydration.ts";
import { useMe } from "../../lib/auth.ts";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths } from "../../lib/paths.ts";

const AUDIENCES = [
  {
    title: "Job seekers",
    text: "Practise interviews, meetings and customer calls with an AI coach, in writing or out loud. Get scores per skill and concrete tips, track your progress and earn a certificate employers can check.",
  },
  {
    title: "Instructors",
    text: "Write the scenarios, lessons and assessments trainees practise with, and see how they are used and rated.",
  },
  {
    title: "Companies",
    text: "Search certified candidates by skills, level, scores and languages, keep notes, and post jobs.",
  },
];

const STEPS = [
  { n: 1, title: "Practise", text: "Pick a realistic workplace situation and talk it through with the coach." },
  { n: 2, title: "Get feedback", text: "See your scores, strengths and what to improve after every session." },
  { n: 3, title: "Get certified", text: "Reach the bar, earn a certificate and let companies find you." },
];

export function LandingPage() {
  usePageTitle("Practise workplace communication");
  const me = useMe();
  // Until we know who this is (and in the prerendered HTML, see app/hydration.ts) the signed-out
  // buttons hold their place unseen: a signed-in visitor never sees "Create a free account", and
  // nothing moves when the right buttons appear.
  const known = useHydrated() && !me.isPending;
  const signedIn = known && Boolean(me.data);

  return (
    <Container size="lg" py={{ base: 32, sm: 64 }}>
      <Stack gap={56}>
        <Stack gap="lg" maw={720}>
          <Title order={1} fz={{ base: 34, sm: 48 }} lh={1.15}>
            Practise the conversations that get you hired.
          </Title>
          <Text size="lg" c="dimmed">
            HireXp is a practice ground for workplace communication. Job seekers rehearse with an AI coach and earn a
            certificate; instructors write the material; companies find certified candidates.
          </Text>
          <Group style={known ? undefined : { visibility: "hidden" }}>
            {signedIn ? (
              <Button component={Link} to={paths.dashboard} size="md">
                Go to your dashboard
              </Button>
            ) : (
              <>
                <Button component={Link} to={paths.signUp} size="md">
                  Create a free account
                </Button>
                <Button component={Link} to={paths.signIn} size="md" variant="default">
                  Sign in
                </Button>
              </>
            )}
          </Group>
        </Stack>

        <section aria-labelledby="how-it-works">
          <Title order={2} id="how-it-works" mb="md">
            How it works
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="lg">
            {STEPS.map((s) => (
              <Group key={s.n} align="flex-start" wrap="nowrap">
                <ThemeIcon size={36} radius="xl" variant="light" aria-hidden>
                  {s.n}
                </ThemeIcon>
                <div>
                  <Title order={3} size="h4">
                    {s.title}
                  </Title>
                  <Text size="sm" c="dimmed">
                    {s.text}
                  </Text>
                </div>
              </Group>
            ))}
          </SimpleGrid>
        </section>

        <section aria-labelledby="who-its-for">
          <Title order={2} id="who-its-for" mb="md">
            Who it is for
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="lg">
            {AUDIENCES.map((a) => (
              <Card key={a.title} withBorder padding="lg">
                <Title order={3} size="h4" mb="xs">
                  {a.title}
                </Title>
                <Text size="sm" c="dimmed">
                  {a.text}
                </Text>
              </Card>
            ))}
          </SimpleGrid>
        </section>
      </Stack>
    </Container>
  );
}
