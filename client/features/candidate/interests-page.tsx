// /interests — the trainee's side of companies' interest: which verified companies marked
// interest (accept to share my email and phone with that company only, decline to stop), and
// which companies viewed my profile, and when.
import { Anchor, Avatar, Badge, Button, Card, Container, Group, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Link } from "react-router";
import type { AppRouter } from "../../../server/routers/app.ts";
import { EmptyState } from "../../components/empty-state.tsx";
import { FormAlert } from "../../components/form-alert.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths } from "../../lib/paths.ts";
import { errorMessage, queryClient, trpc } from "../../lib/trpc.ts";

type Interest = inferRouterOutputs<AppRouter>["candidate"]["interests"]["list"][number];
type Company = Pick<Interest, "companyUserId" | "name" | "logo" | "industry" | "website">;

const ANSWER: Record<Interest["response"], { label: string; color: string }> = {
  pending: { label: "Not answered", color: "gray" },
  accepted: { label: "Accepted: contact shared", color: "teal" },
  declined: { label: "Declined", color: "red" },
};

/** A company's website as a link, only when it is an http(s) address. */
function Website({ url }: { url: string | null }) {
  if (!url || !/^https?:\/\//i.test(url)) return null;
  return (
    <Anchor href={url} target="_blank" rel="noopener noreferrer nofollow" size="sm">
      {url.replace(/^https?:\/\//i, "").replace(/\/$/, "")}
    </Anchor>
  );
}

function CompanyHeading({ company, id }: { company: Company; id: string }) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <Avatar src={company.logo ?? undefined} alt="" radius="md" color="blue">
        {company.name.slice(0, 2).toUpperCase()}
      </Avatar>
      <Stack gap={0}>
        <Text fw={600} id={id}>
          {company.name}
        </Text>
        <Group gap="xs">
          {company.industry && (
            <Text size="sm" c="dimmed">
              {company.industry}
            </Text>
          )}
          <Website url={company.website} />
        </Group>
      </Stack>
    </Group>
  );
}

function InterestCard({ item }: { item: Interest }) {
  const headingId = `interest-${item.companyUserId}`;
  const respond = useMutation(
    trpc.candidate.interests.respond.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.candidate.interests.list.queryKey() }),
    }),
  );
  const answer = ANSWER[item.response];
  return (
    <Card withBorder padding="lg" component="article" aria-labelledby={headingId} data-testid="interest-card">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <CompanyHeading company={item} id={headingId} />
          <Badge color={answer.color} variant="light">
            {answer.label}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          Marked interest in you <RelativeTime date={item.interestedAt} />
        </Text>
        <Group gap="sm">
          {item.response !== "accepted" && (
            <Button
              onClick={() => respond.mutate({ companyUserId: item.companyUserId, accept: true })}
              loading={respond.isPending && respond.variables?.accept === true}
              disabled={respond.isPending}
              aria-describedby={`${headingId}-share`}
            >
              Accept
            </Button>
          )}
          {item.response !== "declined" && (
            <Button
              variant="default"
              onClick={() => respond.mutate({ companyUserId: item.companyUserId, accept: false })}
              loading={respond.isPending && respond.variables?.accept === false}
              disabled={respond.isPending}
            >
              {item.response === "accepted" ? "Stop sharing" : "Decline"}
            </Button>
          )}
        </Group>
        <Text size="xs" c="dimmed" id={`${headingId}-share`}>
          {item.response === "accepted"
            ? `${item.name} can see your email address and phone number.`
            : `Accepting shares your email address and phone number with ${item.name} only.`}
        </Text>
        {respond.isError && <FormAlert title="Your answer could not be saved">{errorMessage(respond.error)}</FormAlert>}
      </Stack>
    </Card>
  );
}

function InterestsSection() {
  const list = useQuery(trpc.candidate.interests.list.queryOptions());
  return (
    <Stack gap="sm" component="section" aria-labelledby="interests-heading">
      <Title order={2} size="h3" id="interests-heading">
        Companies interested in you
      </Title>
      {list.isPending ? (
        <PageLoader label="Loading companies' interest…" />
      ) : list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} retrying={list.isRefetching} />
      ) : list.data.length === 0 ? (
        <EmptyState title="No company has marked interest yet" action={{ label: "Choose what companies see", to: paths.settingsCandidate }}>
          Verified companies can find you once you opt in to be discoverable. When one marks interest, you get a mail and can answer here.
        </EmptyState>
      ) : (
        <Stack gap="sm">
          {list.data.map((item) => (
            <InterestCard key={item.companyUserId} item={item} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function ViewersSection() {
  const viewers = useQuery(trpc.candidate.viewers.queryOptions());
  return (
    <Stack gap="sm" component="section" aria-labelledby="viewers-heading">
      <Title order={2} size="h3" id="viewers-heading">
        Who viewed your profile
      </Title>
      {viewers.isPending ? (
        <PageLoader label="Loading who viewed your profile…" />
      ) : viewers.isError ? (
        <QueryError error={viewers.error} onRetry={() => void viewers.refetch()} retrying={viewers.isRefetching} />
      ) : viewers.data.length === 0 ? (
        <EmptyState title="No company has viewed your profile yet">Verified companies that open your profile are listed here, with the time of their last visit.</EmptyState>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {viewers.data.map((v) => (
            <Card key={v.companyUserId} withBorder padding="md" component="li" data-testid="viewer-row">
              <Group justify="space-between" align="center">
                <CompanyHeading company={v} id={`viewer-${v.companyUserId}`} />
                <Text size="sm" c="dimmed">
                  Viewed <RelativeTime date={v.viewedAt} />
                </Text>
              </Group>
            </Card>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

export function InterestsPage() {
  usePageTitle("Companies");
  return (
    <Container size="md" px={0}>
      <Stack gap="xl">
        <Stack gap={4}>
          <Title order={1}>Companies</Title>
          <Text c="dimmed">
            Companies never see your email address or phone number unless you accept their interest. You can change your answer at any time.
          </Text>
        </Stack>
        <Text size="sm">
          Whether companies can find you at all is up to you:{" "}
          <Anchor component={Link} to={paths.settingsCandidate}>
            your candidate settings
          </Anchor>
          .
        </Text>
        <InterestsSection />
        <ViewersSection />
      </Stack>
    </Container>
  );
}
