import { useEffect, useRef, useState, type FormEvent } from "react";
import { Anchor, Button, Group, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useAdoptValuesTypedBeforeHydration, useHydrated } from "../../app/hydration.ts";
import { AuthCard } from "../../components/auth-card.tsx";
import { FormAlert } from "../../components/form-alert.tsx";
import { PasswordField } from "../../components/password-field.tsx";
import { resetSessionCache, SIGNED_OUT_PARAM } from "../../lib/auth.ts";
import { applyServerFieldErrors, focusFirstError, zodValidate } from "../../lib/form.ts";
import { OAUTH_ERROR_PARAM, OAUTH_PROVIDER_PARAM, oauthErrorMessage, providerName, useProviders } from "../../lib/oauth.ts";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths } from "../../lib/paths.ts";
import { safeRedirectPath } from "../../lib/safe-redirect.ts";
import { appCodeOf, errorMessage, trpc } from "../../lib/trpc.ts";
import { ProviderButtons } from "./provider-buttons.tsx";

const FIELDS = ["email", "password"] as const;

// The form checks the same schema the server applies, loaded apart from the page: zod is ~26 KB
// gzip that the first page need not wait for. It is fetched right after the page renders, long
// before anyone can press "Sign in".
const loadSignInSchema = () => import("../../../shared/schemas/auth.ts").then((m) => m.SignInInput);

const ALERT_TITLES: Record<string, string> = {
  INVALID_CREDENTIALS: "We could not sign you in",
  ACCOUNT_SUSPENDED: "This account is suspended",
  ACCOUNT_DEACTIVATED: "This account is deactivated",
  RATE_LIMITED: "Too many attempts",
  SIGN_IN_PAUSED: "Sign-in is paused for now",
};

export function SignInPage() {
  usePageTitle("Sign in");
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeRedirectPath(params.get("next"), paths.dashboard);
  const [failure, setFailure] = useState<{ title: string; message: string } | null>(null);
  const providers = useProviders();
  // A provider sign-in that failed comes back here with `oauthError=<code>` (and `provider=<id>`).
  const oauthError = params.get(OAUTH_ERROR_PARAM);
  const oauthFailure = oauthError
    ? oauthErrorMessage(oauthError, providerName(params.get(OAUTH_PROVIDER_PARAM), providers.data ?? []))
    : null;

  const form = useForm({ initialValues: { email: "", password: "" } });
  useEffect(() => void loadSignInSchema(), []);
  // The page is prerendered (shared/prerender.ts): until React has taken it over, the submit
  // button is disabled (a native submit would reload the page), and what was typed meanwhile
  // is adopted into the form.
  const hydrated = useHydrated();
  const formRef = useRef<HTMLFormElement>(null);
  useAdoptValuesTypedBeforeHydration(formRef, (path, value) => form.setFieldValue(path as (typeof FIELDS)[number], value));

  const signIn = useMutation(trpc.auth.signIn.mutationOptions());

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values = form.getValues();
    const errors = zodValidate(await loadSignInSchema())(values);
    form.setErrors(errors);
    if (Object.keys(errors).length > 0) {
      focusFirstError(form, errors, FIELDS);
      return;
    }
    setFailure(null);
    try {
      const result = await signIn.mutateAsync(values);
      await resetSessionCache();
      navigate(result.emailVerified ? next : paths.verifyEmailRequired, { replace: true });
    } catch (error) {
      if (applyServerFieldErrors(form, error, FIELDS)) return;
      const code = appCodeOf(error);
      setFailure({ title: (code && ALERT_TITLES[code]) || "Sign-in failed", message: errorMessage(error) });
    }
  };

  return (
    <AuthCard
      title="Sign in to HireXp"
      description="Welcome back. Pick up your practice where you left it."
      footer={
        <>
          New to HireXp?{" "}
          <Anchor component={Link} to={paths.signUp}>
            Create an account
          </Anchor>
        </>
      }
    >
      <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="md">
          {failure && <FormAlert title={failure.title}>{failure.message}</FormAlert>}
          {!failure && oauthFailure && <FormAlert title={oauthFailure.title}>{oauthFailure.message}</FormAlert>}
          {!failure && !oauthFailure && params.has(SIGNED_OUT_PARAM) && (
            <FormAlert color="teal" focus={false}>
              You are signed out.
            </FormAlert>
          )}
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            inputMode="email"
            required
            {...form.getInputProps("email")}
          />
          <Stack gap={4}>
            <PasswordField label="Password" autoComplete="current-password" required {...form.getInputProps("password")} />
            <Group justify="flex-end">
              <Anchor component={Link} to={paths.forgotPassword} size="sm">
                Forgot password?
              </Anchor>
            </Group>
          </Stack>
          <Button type="submit" fullWidth loading={signIn.isPending} disabled={!hydrated}>
            Sign in
          </Button>
        </Stack>
      </form>
      <ProviderButtons next={next} />
    </AuthCard>
  );
}
