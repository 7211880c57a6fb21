import { useState } from "react";
import { Anchor, Button, List, Radio, Stack, Text, TextInput, ThemeIcon } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { Link } from "react-router";
import { SignUpInput, SIGN_UP_ROLES } from "../../../shared/schemas/auth.ts";
import { AuthCard } from "../../components/auth-card.tsx";
import { DevOutboxLink } from "../../components/dev-outbox-link.tsx";
import { FormAlert } from "../../components/form-alert.tsx";
import { PasswordField } from "../../components/password-field.tsx";
import { PasswordStrengthBar, passwordStrength } from "../../components/password-strength.tsx";
import { applyServerFieldErrors, focusFirstError, zodValidate } from "../../lib/form.ts";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths } from "../../lib/paths.ts";
import { appCodeOf, errorMessage, trpc } from "../../lib/trpc.ts";

type SignUpRole = (typeof SIGN_UP_ROLES)[number];

const FIELDS = ["name", "email", "password", "role", "companyName"] as const;

const ROLE_CHOICES: { value: SignUpRole; label: string; description: string }[] = [
  { value: "TRAINEE", label: "Trainee", description: "Practise conversations with the AI coach and earn a certificate." },
  { value: "INSTRUCTOR", label: "Instructor", description: "Write scenarios, lessons and assessments for trainees." },
  { value: "COMPANY", label: "Company", description: "Find certified candidates and post jobs." },
];

type Values = { name: string; email: string; password: string; role: SignUpRole; companyName: string };

export function SignUpPage() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  usePageTitle(sentTo ? "Check your email" : "Create your account");

  if (sentTo) return <CheckYourEmail email={sentTo} onBack={() => setSentTo(null)} />;
  return <SignUpForm onDone={setSentTo} />;
}

function SignUpForm({ onDone }: { onDone: (email: string) => void }) {
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: { name: "", email: "", password: "", role: "TRAINEE", companyName: "" },
    validate: zodValidate<Values>(SignUpInput),
  });
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  const isCompany = form.values.role === "COMPANY";

  const submit = form.onSubmit(
    async (values) => {
      setFailure(null);
      try {
        const result = await signUp.mutateAsync({
          ...values,
          companyName: values.role === "COMPANY" ? values.companyName : undefined,
        });
        onDone(result.email);
      } catch (error) {
        if (applyServerFieldErrors(form, error, FIELDS)) return;
        if (appCodeOf(error) === "WEAK_PASSWORD") {
          form.setFieldError("password", errorMessage(error));
          focusFirstError(form, { password: true }, FIELDS);
          return;
        }
        setFailure(errorMessage(error));
      }
    },
    (errors) => focusFirstError(form, errors, FIELDS),
  );

  return (
    <AuthCard
      title="Create your HireXp account"
      description="It takes a minute. We will send you a link to confirm your email."
      footer={
        <>
          Already have an account?{" "}
          <Anchor component={Link} to={paths.signIn}>
            Sign in
          </Anchor>
        </>
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {failure && <FormAlert title="We could not create your account">{failure}</FormAlert>}
          <TextInput label="Your name" autoComplete="name" required {...form.getInputProps("name")} />
          <TextInput label="Email" type="email" autoComplete="email" inputMode="email" required {...form.getInputProps("email")} />
          <Stack gap={6}>
            <PasswordField
              label="Password"
              autoComplete="new-password"
              required
              description={passwordStrength(form.values.password).hint}
              {...form.getInputProps("password")}
            />
            <PasswordStrengthBar password={form.values.password} />
          </Stack>
          <Radio.Group label="I am joining as" required {...form.getInputProps("role")}>
            <Stack gap="xs" mt="xs">
              {ROLE_CHOICES.map((r) => (
                <Radio key={r.value} value={r.value} label={r.label} description={r.description} />
              ))}
            </Stack>
          </Radio.Group>
          {isCompany && (
            <TextInput
              label="Company name"
              autoComplete="organization"
              required
              description="An admin verifies companies before they can search candidates."
              {...form.getInputProps("companyName")}
            />
          )}
          <Button type="submit" fullWidth loading={signUp.isPending}>
            Create account
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}

function CheckYourEmail({ email, onBack }: { email: string; onBack: () => void }) {
  return (
    <AuthCard title="Check your email" description="One more step before you can sign in.">
      <Stack gap="md">
        <Text>
          We sent a confirmation link to <Text span fw={600}>{email}</Text>. Open it to activate your account, then sign in.
        </Text>
        <List size="sm" spacing={4} icon={<ThemeIcon size={8} radius="xl" color="gray" />}>
          <List.Item>The link works for 24 hours.</List.Item>
          <List.Item>Nothing there? Look in your spam folder. You can also sign in and ask for a new link.</List.Item>
        </List>
        <DevOutboxLink />
        <Button component={Link} to={paths.signIn} fullWidth>
          Go to sign in
        </Button>
        <Button variant="subtle" onClick={onBack}>
          Use a different email address
        </Button>
      </Stack>
    </AuthCard>
  );
}
