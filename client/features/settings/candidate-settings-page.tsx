// /settings/candidate — a trainee decides whether verified companies may find them (off by
// default), with a headline and the kinds of work they are open to, and sees a preview of
// exactly what companies see (the search card; contact details are never part of it).
import { Alert, Anchor, Button, Checkbox, Container, Group, Stack, Switch, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { OPEN_TO, type OpenTo } from "../../../shared/schemas/candidates.ts";
import { CandidateCard } from "../../components/candidate-card.tsx";
import { FormAlert } from "../../components/form-alert.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths } from "../../lib/paths.ts";
import { errorMessage, fieldErrorsOf, queryClient, trpc } from "../../lib/trpc.ts";

const OPEN_TO_LABELS: Record<OpenTo, string> = { "full-time": "Full-time", "part-time": "Part-time", contract: "Contract", internship: "Internship" };

export function CandidateSettingsPage() {
  usePageTitle("Candidate settings");
  const settings = useQuery(trpc.candidate.settings.get.queryOptions());
  const [discoverable, setDiscoverable] = useState(false);
  const [headline, setHeadline] = useState("");
  const [openTo, setOpenTo] = useState<string[]>([]);
  useEffect(() => {
    if (!settings.data) return;
    setDiscoverable(settings.data.discoverable);
    setHeadline(settings.data.headline ?? "");
    setOpenTo(settings.data.openTo);
  }, [settings.data]);
  const update = useMutation(
    trpc.candidate.settings.update.mutationOptions({
      onSuccess: (data) => {
        queryClient.setQueryData(trpc.candidate.settings.get.queryKey(), data);
        notifications.show({ color: "teal", message: data.discoverable ? "Saved. Verified companies can find you." : "Saved. Companies cannot find you." });
      },
    }),
  );

  if (settings.isPending) return <PageLoader label="Loading your candidate settings…" />;
  if (!settings.data) return <QueryError error={settings.error} onRetry={() => void settings.refetch()} retrying={settings.isFetching} />;
  const fieldErrors = fieldErrorsOf(update.error);
  const preview = settings.data.preview;

  return (
    <Container size={720} px={0}>
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1}>Candidate settings</Title>
          <Text c="dimmed">
            Companies on HireXp look for people whose communication skills are measured. You decide whether they can find you. Your email and phone are never shown:
            they are shared only with a company whose job you apply to or whose interest you accept.
          </Text>
        </Stack>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            update.mutate({ discoverable, headline: headline.trim() || null, openTo: openTo as OpenTo[] });
          }}
        >
          <Stack gap="md">
            <Switch
              checked={discoverable}
              onChange={(e) => setDiscoverable(e.currentTarget.checked)}
              label="Let verified companies find me"
              description="Off by default. Turning it off hides you from the search at once."
            />
            <TextInput
              label="Headline"
              description="One line on your search card (the first line of your bio when empty)"
              maxLength={160}
              value={headline}
              onChange={(e) => setHeadline(e.currentTarget.value)}
              error={fieldErrors.headline}
            />
            <Checkbox.Group label="Open to" value={openTo} onChange={setOpenTo} error={fieldErrors.openTo}>
              <Group mt={6}>
                {OPEN_TO.map((o) => (
                  <Checkbox key={o} value={o} label={OPEN_TO_LABELS[o]} />
                ))}
              </Group>
            </Checkbox.Group>
            {update.isError && !Object.keys(fieldErrors).length && <FormAlert title="Not saved">{errorMessage(update.error)}</FormAlert>}
            <Group>
              <Button type="submit" loading={update.isPending}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
        <Stack gap="xs" component="section" aria-labelledby="preview-heading">
          <Title order={2} size="h3" id="preview-heading">
            What companies see
          </Title>
          {!settings.data.discoverable && (
            <Alert variant="light" color="gray">
              You are not visible to companies now. This is what they would see once you opt in (as saved).
            </Alert>
          )}
          {preview ? <CandidateCard c={preview} headingLevel={3} /> : <Text c="dimmed">Complete your profile to see the preview.</Text>}
          <Text size="sm" c="dimmed">
            A company that opens your page also sees your bio, experience, education, scores over time, assessment results and certificates with their verification
            links. Change your name, skills, languages and location in{" "}
            <Anchor component={Link} to={paths.settingsProfile}>
              your profile
            </Anchor>
            .
          </Text>
        </Stack>
      </Stack>
    </Container>
  );
}
