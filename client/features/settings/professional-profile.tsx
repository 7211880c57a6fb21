// The profile page's part for instructors and companies: what an administrator reviews before
// verifying them (an instructor's specializations, certifications and experience; a company's
// details), where the verification stands, and after a rejection the reason and "ask for
// another review" once the profile is corrected.
import { useState } from "react";
import { Alert, Badge, Blockquote, Button, Group, NumberInput, Stack, TagsInput, Text } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "../../../server/routers/app.ts";
import { InstructorProfileUpdateInput } from "../../../shared/schemas/role-profile.ts";
import { CompanyLogoUpload } from "../../components/company-logo-upload.tsx";
import { CompanyProfileForm } from "../../components/company-profile-form.tsx";
import { FormAlert } from "../../components/form-alert.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { SectionCard } from "../../components/section-card.tsx";
import { applyServerFieldErrors, focusFirstError, zodValidate } from "../../lib/form.ts";
import { errorMessage, queryClient, trpc } from "../../lib/trpc.ts";

type Verification = NonNullable<inferRouterOutputs<AppRouter>["profile"]["get"]["verification"]>;
type Professional = inferRouterOutputs<AppRouter>["profile"]["professional"];

const STATUS: Record<Verification["status"], { label: string; color: string }> = {
  pending: { label: "Waiting for review", color: "yellow" },
  verified: { label: "Verified", color: "green" },
  rejected: { label: "Not verified", color: "red" },
};

/** Shown on the profile page for instructors and companies (renders nothing for others). */
export function ProfessionalProfile({ verification }: { verification: Verification | null }) {
  const data = useQuery({ ...trpc.profile.professional.queryOptions(), enabled: verification !== null });
  if (!verification) return null;
  const title = verification.kind === "instructor" ? "Instructor profile" : "Company profile";
  return (
    <SectionCard
      id="professional-profile"
      title={title}
      description="An administrator reviews this before verifying your account."
      actions={
        <Badge color={STATUS[verification.status].color} variant="light" size="lg">
          {STATUS[verification.status].label}
        </Badge>
      }
    >
      <VerificationNote verification={verification} />
      {data.isPending ? (
        <Text size="sm" c="dimmed">
          Loading…
        </Text>
      ) : data.isError ? (
        <QueryError error={data.error} onRetry={() => void data.refetch()} retrying={data.isFetching} />
      ) : data.data.instructor ? (
        <InstructorForm profile={data.data.instructor} />
      ) : data.data.company ? (
        <CompanyForm profile={data.data.company} />
      ) : null}
    </SectionCard>
  );
}

function VerificationNote({ verification: v }: { verification: Verification }) {
  const [failure, setFailure] = useState<string | null>(null);
  const ask = useMutation({
    ...trpc.profile.requestVerification.mutationOptions(),
    onSuccess: (verification) => {
      setFailure(null);
      queryClient.setQueryData(trpc.profile.get.queryKey(), (old) => (old ? { ...old, verification } : old));
      notifications.show({ color: "teal", title: "Review requested", message: "Your profile is back in the review queue." });
    },
    onError: (error) => {
      setFailure(errorMessage(error));
      void queryClient.invalidateQueries({ queryKey: trpc.profile.get.queryKey() });
    },
  });
  if (v.status === "pending") return <Text size="sm">Your profile is waiting for an administrator's review. You can still improve it below.</Text>;
  if (v.status === "verified") return <Text size="sm">Your profile is verified.</Text>;
  return (
    <Stack gap="xs">
      <Text size="sm">An administrator could not verify your profile.</Text>
      {v.reason ? (
        <Blockquote color="red" p="sm" cite="— the administrator's reason">
          {v.reason}
        </Blockquote>
      ) : (
        <Text size="sm" c="dimmed">
          No reason was given.
        </Text>
      )}
      <Text size="sm">Correct your profile below and save it, then ask for another review.</Text>
      {failure && (
        <Alert color="red" role="alert" title="We could not send your request">
          {failure}
        </Alert>
      )}
      <Group>
        <Button variant="light" onClick={() => ask.mutate()} loading={ask.isPending}>
          Ask for another review
        </Button>
      </Group>
    </Stack>
  );
}

type InstructorValues = { specializations: string[]; certifications: string[]; yearsOfExperience: number | string };
const INSTRUCTOR_FIELDS = ["specializations", "certifications", "yearsOfExperience"] as const;

function InstructorForm({ profile }: { profile: NonNullable<Professional["instructor"]> }) {
  const [failure, setFailure] = useState<string | null>(null);
  const toInput = (v: InstructorValues) => ({
    specializations: v.specializations,
    certifications: v.certifications,
    yearsOfExperience: v.yearsOfExperience === "" ? null : Number(v.yearsOfExperience),
  });
  const form = useForm<InstructorValues>({
    initialValues: { specializations: profile.specializations, certifications: profile.certifications, yearsOfExperience: profile.yearsOfExperience ?? "" },
    validate: (values) => zodValidate(InstructorProfileUpdateInput)(toInput(values)),
  });
  const save = useMutation(trpc.profile.updateInstructor.mutationOptions());
  const submit = form.onSubmit(
    async (values) => {
      setFailure(null);
      try {
        const updated = await save.mutateAsync(toInput(values));
        queryClient.setQueryData(trpc.profile.professional.queryKey(), { kind: "instructor", instructor: updated, company: null });
        const next = { ...updated, yearsOfExperience: updated.yearsOfExperience ?? "" };
        form.setValues(next);
        form.resetDirty(next);
        notifications.show({ color: "teal", title: "Instructor profile saved", message: "Your changes are saved." });
      } catch (error) {
        if (!applyServerFieldErrors(form, error, INSTRUCTOR_FIELDS)) setFailure(errorMessage(error));
      }
    },
    (errors) => focusFirstError(form, errors, INSTRUCTOR_FIELDS),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TagsInput label="Specializations" description="Press Enter after each one (e.g. Job interviews, Business English)." maxTags={30} {...form.getInputProps("specializations")} />
        <TagsInput label="Certifications" description="Press Enter after each one (e.g. CELTA, TESOL)." maxTags={30} {...form.getInputProps("certifications")} />
        <NumberInput label="Years of teaching or coaching experience" min={0} max={70} allowDecimal={false} allowNegative={false} w={260} {...form.getInputProps("yearsOfExperience")} />
        {failure && <FormAlert title="Your instructor profile was not saved">{failure}</FormAlert>}
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save instructor profile
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function CompanyForm({ profile }: { profile: NonNullable<Professional["company"]> }) {
  const save = useMutation(trpc.profile.updateCompany.mutationOptions());
  return (
    <Stack gap="lg">
      {/* Allowed before verification: the logo is part of what the administrator reviews. */}
      <CompanyLogoUpload current={profile.companyLogo} />
      <CompanyProfileForm
        profile={profile}
        save={(input) => save.mutateAsync(input)}
        saving={save.isPending}
        onSaved={(company) => queryClient.setQueryData(trpc.profile.professional.queryKey(), { kind: "company", instructor: null, company })}
      />
    </Stack>
  );
}
