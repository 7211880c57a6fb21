// /company/profile (verified companies; the route sits under RequireVerifiedCompany): the
// company's logo and details as candidates see them (company.profile.get / update /
// uploadLogo / removeLogo). Before verification the same form and logo live on the profile
// page (/settings/profile), which is what the administrator reviews.
import { Container, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { CompanyLogoUpload } from "../../components/company-logo-upload.tsx";
import { CompanyProfileForm } from "../../components/company-profile-form.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { SectionCard } from "../../components/section-card.tsx";
import { usePageTitle } from "../../lib/page-title.ts";
import { queryClient, trpc } from "../../lib/trpc.ts";

export function CompanyProfilePage() {
  usePageTitle("Company profile");
  const profile = useQuery(trpc.company.profile.get.queryOptions());
  const save = useMutation(trpc.company.profile.update.mutationOptions());
  return (
    <Container size="md" px={0}>
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1}>Company profile</Title>
          <Text c="dimmed">How your company appears to candidates: on your job postings and when you show interest in someone.</Text>
        </Stack>
        {profile.isPending ? (
          <PageLoader label="Loading your company profile…" />
        ) : profile.isError ? (
          <QueryError error={profile.error} onRetry={() => void profile.refetch()} retrying={profile.isFetching} />
        ) : (
          <>
            <SectionCard id="company-logo" title="Logo" description="Shown next to your company's name. A square or wide logo on a plain background works best.">
              <CompanyLogoUpload current={profile.data.companyLogo} />
            </SectionCard>
            <SectionCard id="company-details" title="Details">
              <CompanyProfileForm
                profile={profile.data}
                save={(input) => save.mutateAsync(input)}
                saving={save.isPending}
                onSaved={(updated) => {
                  queryClient.setQueryData(trpc.company.profile.get.queryKey(), (old) => (old ? { ...old, ...updated } : old));
                  void queryClient.invalidateQueries({ queryKey: trpc.profile.professional.queryKey() });
                }}
              />
            </SectionCard>
          </>
        )}
      </Stack>
    </Container>
  );
}
