// A company's details (name, industry, size, website, address, country, description), checked
// as you type with the API's own schema (shared/schemas/role-profile.ts). Used by the profile
// page (profile.updateCompany, before and after verification) and by /company/profile
// (company.profile.update, verified companies): the caller passes the save call.
import { useState } from "react";
import { Button, Group, Select, SimpleGrid, Stack, TextInput, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { COMPANY_SIZES, CompanyProfileUpdateInput } from "../../shared/schemas/role-profile.ts";
import { applyServerFieldErrors, focusFirstError, zodValidate } from "../lib/form.ts";
import { errorMessage } from "../lib/trpc.ts";
import { FormAlert } from "./form-alert.tsx";

export type CompanyDetails = {
  companyName: string;
  companyLogo: string | null;
  industry: string | null;
  companySize: string | null;
  website: string | null;
  description: string | null;
  address: string | null;
  country: string | null;
};
type CompanyInput = Omit<CompanyDetails, "companyLogo" | "companySize"> & { companySize: (typeof COMPANY_SIZES)[number] | null };

type CompanyValues = { companyName: string; industry: string; companySize: string | null; website: string; description: string; address: string; country: string };
const COMPANY_FIELDS = ["companyName", "industry", "companySize", "website", "description", "address", "country"] as const;

const toValues = (p: CompanyDetails): CompanyValues => ({
  companyName: p.companyName,
  industry: p.industry ?? "",
  companySize: p.companySize,
  website: p.website ?? "",
  description: p.description ?? "",
  address: p.address ?? "",
  country: p.country ?? "",
});

export function CompanyProfileForm<T extends CompanyDetails>({
  profile,
  save,
  saving,
  onSaved,
}: {
  profile: CompanyDetails;
  save: (input: CompanyInput) => Promise<T>;
  saving: boolean;
  onSaved: (updated: T) => void;
}) {
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<CompanyValues>({ initialValues: toValues(profile), validate: zodValidate<CompanyValues>(CompanyProfileUpdateInput) });
  const submit = form.onSubmit(
    async (values) => {
      setFailure(null);
      try {
        const updated = await save({ ...values, companySize: (values.companySize as (typeof COMPANY_SIZES)[number] | null) ?? null });
        onSaved(updated);
        form.setValues(toValues(updated));
        form.resetDirty(toValues(updated));
        notifications.show({ color: "teal", title: "Company profile saved", message: "Your changes are saved." });
      } catch (error) {
        if (!applyServerFieldErrors(form, error, COMPANY_FIELDS)) setFailure(errorMessage(error));
      }
    },
    (errors) => focusFirstError(form, errors, COMPANY_FIELDS),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Company name" required maxLength={255} {...form.getInputProps("companyName")} />
          <TextInput label="Industry" maxLength={120} {...form.getInputProps("industry")} />
          <Select label="Company size" placeholder="Choose a size" data={COMPANY_SIZES.map((s) => ({ value: s, label: `${s} people` }))} clearable {...form.getInputProps("companySize")} />
          <TextInput label="Website" placeholder="https://…" type="url" {...form.getInputProps("website")} />
          <TextInput label="Address" maxLength={500} {...form.getInputProps("address")} />
          <TextInput label="Country" description="Two-letter code, e.g. NL or US" maxLength={2} {...form.getInputProps("country")} />
        </SimpleGrid>
        <Textarea label="About the company" autosize minRows={3} maxLength={5000} {...form.getInputProps("description")} />
        {failure && <FormAlert title="Your company profile was not saved">{failure}</FormAlert>}
        <Group>
          <Button type="submit" loading={saving}>
            Save company profile
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
