import { useMemo, useState } from "react";
import {
  Anchor,
  Button,
  Container,
  Fieldset,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Textarea,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "../../../server/routers/app.ts";
import { LANGUAGE_CODES, languageAutonym, languageName } from "../../../shared/languages.ts";
import { ProfileUpdateInput } from "../../../shared/schemas/profile.ts";
import { FormAlert } from "../../components/form-alert.tsx";
import { ImageUpload } from "../../components/image-upload.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { ROLE_LABELS } from "../../lib/auth.ts";
import { applyServerFieldErrors, focusFirstError, zodValidate } from "../../lib/form.ts";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths } from "../../lib/paths.ts";
import { errorMessage, queryClient, trpc } from "../../lib/trpc.ts";
import { ProfessionalProfile } from "./professional-profile.tsx";

type Profile = inferRouterOutputs<AppRouter>["profile"]["get"];
type Theme = Profile["preferences"]["theme"];

type Values = {
  name: string;
  bio: string;
  phone: string;
  timezone: string;
  languages: string[];
  skills: string[];
  location: string;
  linkedIn: string;
  github: string;
  website: string;
  preferences: {
    emailNotifications: boolean;
    smsNotifications: boolean;
    marketingEmails: boolean;
    theme: Theme;
  };
};

const FIELDS = [
  "name",
  "bio",
  "location",
  "phone",
  "timezone",
  "languages",
  "skills",
  "linkedIn",
  "github",
  "website",
  "preferences",
] as const;
type Field = (typeof FIELDS)[number];

/**
 * Every language a person can list, by ISO 639 code, named in English and in itself
 * ("Spanish (español)") so either name finds it. The server accepts these codes only.
 */
function languageOptions(current: string[]): { value: string; label: string }[] {
  const options = LANGUAGE_CODES.map((code) => {
    const name = languageName(code);
    const own = languageAutonym(code);
    return { value: code, label: own && own.toLowerCase() !== name.toLowerCase() ? `${name} (${own})` : name };
  });
  // A value saved before codes were required shows as it is, so it can be removed.
  for (const v of current) if (!LANGUAGE_CODES.includes(v)) options.push({ value: v, label: v });
  return options.sort((a, b) => a.label.localeCompare(b.label, "en"));
}
const SKILL_SUGGESTIONS = [
  "Job interviews", "Presentations", "Public speaking", "Negotiation", "Customer service", "Sales calls",
  "Team meetings", "Email writing", "Giving feedback", "Conflict resolution", "Small talk", "Phone calls",
];
const THEMES: { value: Theme; label: string }[] = [
  { value: "auto", label: "Same as my device" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
];

function toValues(p: Omit<Profile, "userId" | "email" | "role" | "memberSince" | "verification">): Values {
  return {
    name: p.name ?? "",
    bio: p.bio ?? "",
    phone: p.phone ?? "",
    timezone: p.timezone ?? "UTC",
    languages: p.languages,
    skills: p.skills,
    location: p.location ?? "",
    linkedIn: p.linkedIn ?? "",
    github: p.github ?? "",
    website: p.website ?? "",
    // Listed one by one: the server types this object as `JsonValue & Preferences`.
    preferences: {
      emailNotifications: p.preferences.emailNotifications,
      smsNotifications: p.preferences.smsNotifications,
      marketingEmails: p.preferences.marketingEmails,
      theme: p.preferences.theme,
    },
  };
}

function timeZones(current: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf("timeZone");
  } catch {
    zones = [];
  }
  const all = new Set(["UTC", ...zones]);
  if (current) all.add(current);
  return [...all];
}

export function ProfilePage() {
  usePageTitle("Profile");
  const profile = useQuery(trpc.profile.get.queryOptions());

  return (
    <Container size="md" px={0}>
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1}>Profile</Title>
          <Text c="dimmed">How you appear on HireXp, and how we keep in touch.</Text>
        </Stack>
        {profile.isPending ? (
          <PageLoader label="Loading your profile…" />
        ) : profile.isError ? (
          <QueryError error={profile.error} onRetry={() => void profile.refetch()} retrying={profile.isFetching} />
        ) : (
          <>
            <Fieldset legend="Profile picture">
              <AvatarUpload profile={profile.data} />
            </Fieldset>
            <ProfileForm profile={profile.data} />
            <ProfessionalProfile verification={profile.data.verification} />
          </>
        )}
      </Stack>
    </Container>
  );
}

/** Upload or remove the profile picture (profile.avatar.*); the app shell shows it from auth.me. */
function AvatarUpload({ profile }: { profile: Profile }) {
  const done = (avatar: string | null) => {
    queryClient.setQueryData(trpc.profile.get.queryKey(), (old) => (old ? { ...old, avatar } : old));
    void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
  };
  const upload = useMutation({ ...trpc.profile.avatar.upload.mutationOptions(), onSuccess: (r) => done(r.url) });
  const remove = useMutation({ ...trpc.profile.avatar.remove.mutationOptions(), onSuccess: () => done(null) });
  return (
    <ImageUpload
      label="Profile picture"
      shape="round"
      current={profile.avatar}
      initials={initials(profile.name || profile.email)}
      upload={(form) => upload.mutateAsync(form)}
      remove={() => remove.mutateAsync()}
    />
  );
}

function ProfileForm({ profile }: { profile: Profile }) {
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: toValues(profile),
    validate: zodValidate<Values>(ProfileUpdateInput),
  });
  const zones = useMemo(() => timeZones(profile.timezone ?? "UTC"), [profile.timezone]);
  const languages = useMemo(() => languageOptions(profile.languages), [profile.languages]);

  const update = useMutation({
    ...trpc.profile.update.mutationOptions(),
    onSuccess: (updated) => {
      queryClient.setQueryData(trpc.profile.get.queryKey(), (old) => (old ? { ...old, ...updated } : old));
      // The header shows the name from auth.me.
      void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
    },
  });

  const submit = form.onSubmit(
    async (values) => {
      setFailure(null);
      const changes = changedFields(form.isDirty, values);
      if (Object.keys(changes).length === 0) {
        notifications.show({ color: "gray", title: "Nothing to save", message: "You have not changed anything yet." });
        return;
      }
      try {
        const updated = await update.mutateAsync(changes);
        const next = toValues(updated);
        form.setInitialValues(next);
        form.setValues(next);
        form.resetDirty(next);
        notifications.show({ color: "teal", title: "Profile saved", message: "Your changes are saved." });
      } catch (error) {
        if (applyServerFieldErrors(form, error, FIELDS)) return;
        setFailure(errorMessage(error));
      }
    },
    (errors) => focusFirstError(form, errors, [...FIELDS, "preferences.theme"]),
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        {failure && <FormAlert title="We could not save your profile">{failure}</FormAlert>}

        <Fieldset legend="About you">
          <Stack gap="md">
            <TextInput label="Name" autoComplete="name" required {...form.getInputProps("name")} />
            <Textarea
              label="Bio"
              description="A few sentences about you and what you are working towards."
              autosize
              minRows={3}
              maxRows={10}
              maxLength={2000}
              {...form.getInputProps("bio")}
            />
            <TextInput label="Location" description="City and country, for example." autoComplete="address-level2" {...form.getInputProps("location")} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="Email"
                value={profile.email}
                readOnly
                description={
                  <>
                    Your sign-in address.{" "}
                    <Anchor component={Link} to={paths.settingsSecurity} inherit>
                      Change it in Security
                    </Anchor>
                  </>
                }
                variant="filled"
              />
              <TextInput
                label="Account type"
                value={`${ROLE_LABELS[profile.role]} · member since ${profile.memberSince.toLocaleDateString()}`}
                readOnly
                variant="filled"
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>

        <Fieldset legend="Contact and time">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Phone" type="tel" autoComplete="tel" description="Digits, spaces and + ( ) -" {...form.getInputProps("phone")} />
            <Select
              label="Time zone"
              description="Used for reminders and dates."
              data={zones}
              searchable
              allowDeselect={false}
              nothingFoundMessage="No time zone matches"
              maxDropdownHeight={280}
              {...form.getInputProps("timezone")}
            />
          </SimpleGrid>
        </Fieldset>

        <Fieldset legend="Languages and skills">
          <Stack gap="md">
            <MultiSelect
              label="Languages you speak"
              description="Type to search by the English name or the language's own name."
              data={languages}
              searchable
              clearable
              hidePickedOptions
              maxValues={50}
              nothingFoundMessage="No language matches"
              maxDropdownHeight={280}
              {...form.getInputProps("languages")}
            />
            <TagsInput
              label="Skills"
              description="The communication skills you have or are building. Press Enter or comma after each one."
              data={SKILL_SUGGESTIONS}
              maxTags={50}
              splitChars={[","]}
              acceptValueOnBlur
              clearable
              {...form.getInputProps("skills")}
            />
          </Stack>
        </Fieldset>

        <Fieldset legend="Links">
          <Stack gap="md">
            <TextInput label="LinkedIn" type="url" placeholder="https://www.linkedin.com/in/…" {...form.getInputProps("linkedIn")} />
            <TextInput label="GitHub" type="url" placeholder="https://github.com/…" {...form.getInputProps("github")} />
            <TextInput label="Website" type="url" autoComplete="url" placeholder="https://…" {...form.getInputProps("website")} />
          </Stack>
        </Fieldset>

        <Fieldset legend="Preferences">
          <Stack gap="md">
            <Switch
              label="Email notifications"
              description="Reminders and updates about your account by email."
              {...form.getInputProps("preferences.emailNotifications", { type: "checkbox" })}
            />
            <Switch
              label="Text message notifications"
              description="Short reminders by SMS to your phone number."
              {...form.getInputProps("preferences.smsNotifications", { type: "checkbox" })}
            />
            <Switch
              label="News and offers"
              description="Occasional emails about new HireXp features."
              {...form.getInputProps("preferences.marketingEmails", { type: "checkbox" })}
            />
            {/* No interface-language choice: HireXp is in English only for now, and a choice that
                changes nothing would mislead. It returns when a translation exists. */}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select label="Theme" data={THEMES} allowDeselect={false} {...form.getInputProps("preferences.theme")} />
            </SimpleGrid>
            {form.errors.preferences && (
              <Text c="red" size="sm" role="alert">
                {form.errors.preferences}
              </Text>
            )}
          </Stack>
        </Fieldset>

        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={() => form.reset()} disabled={update.isPending}>
            Undo changes
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save profile
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Only what the person changed, so the audit log names the right fields. */
function changedFields(isDirty: (path?: string) => boolean, values: Values): ProfileUpdateInput {
  const out: Record<string, unknown> = {};
  for (const field of FIELDS) {
    if (field === "preferences") continue;
    if (!isDirty(field)) continue;
    const value = values[field satisfies Field];
    // A tag typed or pasted with commas in it becomes several tags.
    out[field] = Array.isArray(value) ? value.flatMap((t) => t.split(",")).map((t) => t.trim()).filter(Boolean) : value;
  }
  const prefs: Record<string, unknown> = {};
  for (const key of Object.keys(values.preferences) as (keyof Values["preferences"])[]) {
    if (isDirty(`preferences.${key}`)) prefs[key] = values.preferences[key];
  }
  if (Object.keys(prefs).length > 0) out.preferences = prefs;
  return out as ProfileUpdateInput;
}

function initials(s: string): string {
  const parts = s.replace(/@.*/, "").split(/[\s._-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "") + (parts[1]?.[0] ?? "")).toUpperCase() || "?";
}
