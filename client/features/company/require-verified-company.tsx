// The company area's route guard: COMPANY accounts only (the access table), and only once an
// administrator verified the company. Before that, every company page shows the same notice
// explaining the review instead of candidates or jobs; the server refuses the calls anyway
// (COMPANY_NOT_VERIFIED). The company profile page stays reachable: it is what gets reviewed.
import { Button, Container, Group, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, Outlet } from "react-router";
import { canCall } from "../../../shared/access.ts";
import { NotAllowedPage } from "../../app/not-allowed-page.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { useCurrentUser } from "../../lib/auth.ts";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths } from "../../lib/paths.ts";
import { trpc } from "../../lib/trpc.ts";

/** Whether the signed-in person is a company whose profile an administrator verified. */
export function useCompanyVerification() {
  const profile = useQuery(trpc.profile.get.queryOptions());
  return { ...profile, status: profile.data?.verification?.status ?? null };
}

export function RequireVerifiedCompany() {
  const me = useCurrentUser();
  if (!canCall("profile.updateCompany", { role: me.role, adminLevel: me.adminLevel })) return <NotAllowedPage who="companies" />;
  return <VerifiedCompanyOutlet />;
}

function VerifiedCompanyOutlet() {
  const verification = useCompanyVerification();
  if (verification.isPending) return <PageLoader />;
  if (verification.isError) return <QueryError error={verification.error} onRetry={() => void verification.refetch()} />;
  if (verification.status !== "verified") return <AwaitingVerification rejected={verification.status === "rejected"} />;
  return <Outlet />;
}

export function AwaitingVerification({ rejected }: { rejected: boolean }) {
  usePageTitle("Awaiting verification");
  return (
    <Container size={640} py={32} px={0}>
      <Stack gap="md" align="flex-start">
        <Title order={1}>{rejected ? "Your company could not be verified yet" : "Your company is awaiting verification"}</Title>
        <Text>
          HireXp shows candidates and lets companies post jobs only after an administrator has checked who the company is. This
          protects the trainees who chose to be found.
        </Text>
        <Text c="dimmed">
          {rejected
            ? "The administrator left a reason on your profile page. Correct your company profile there and ask for another review."
            : "Complete your company profile (name, website, description, address) so the review goes quickly. You will get a mail when it is done."}
        </Text>
        <Group>
          <Button component={Link} to={paths.settingsProfile}>
            {rejected ? "See the reason and ask again" : "Complete your company profile"}
          </Button>
        </Group>
      </Stack>
    </Container>
  );
}
