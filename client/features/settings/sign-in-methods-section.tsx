// "Sign-in methods": the password (set or not) and the providers (Google, GitHub, …) this
// account can sign in with; link and unlink them. Linking is a browser navigation to the
// server, which comes back to this page (with `oauthError=<code>` when it failed).
import { useEffect, useState, type ReactNode } from "react";
import { Anchor, Badge, Button, Group, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { isOAuthProviderId, type OAuthProviderId } from "../../../shared/schemas/oauth.ts";
import { ConfirmModal } from "../../components/confirm-modal.tsx";
import { FormAlert } from "../../components/form-alert.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { formatDateTime } from "../../lib/format.ts";
import {
  OAUTH_ERROR_PARAM,
  OAUTH_LINKED_PARAM,
  OAUTH_PROVIDER_PARAM,
  oauthErrorMessage,
  oauthStartHref,
  providerName,
  useProviders,
  type LinkedAccount,
  type OAuthProvider,
  type SignInMethods,
} from "../../lib/oauth.ts";
import { paths } from "../../lib/paths.ts";
import { errorMessage, trpc } from "../../lib/trpc.ts";
import { refreshSecurityData, useSignInMethods } from "./security-queries.ts";
import { SettingsSection } from "./settings-section.tsx";

export function SignInMethodsSection() {
  const methods = useSignInMethods();
  const providers = useProviders();
  const notice = useOAuthReturnNotice(providers.data ?? []);

  return (
    <SettingsSection
      id="sign-in-methods"
      title="Sign-in methods"
      description="The ways you can sign in to HireXp. Keep at least one you can always use."
    >
      {notice && (
        <FormAlert color={notice.color} title={notice.title}>
          {notice.message}
        </FormAlert>
      )}
      {methods.isPending || providers.isPending ? (
        <PageLoader label="Loading your sign-in methods…" />
      ) : methods.isError ? (
        <QueryError
          title="We could not load your sign-in methods"
          error={methods.error}
          onRetry={() => void methods.refetch()}
          retrying={methods.isFetching}
        />
      ) : (
        // Without the provider list (it failed to load) linked providers still show and can be unlinked.
        <MethodsList methods={methods.data} providers={providers.data ?? []} providersKnown={providers.isSuccess} />
      )}
    </SettingsSection>
  );
}

type Row = { id: OAuthProviderId; name: string; linked: LinkedAccount | null; offered: OAuthProvider | null };

function MethodsList({
  methods,
  providers,
  providersKnown,
}: {
  methods: SignInMethods;
  providers: OAuthProvider[];
  providersKnown: boolean;
}) {
  const [unlinking, setUnlinking] = useState<Row | null>(null);
  const unlink = useMutation({
    ...trpc.auth.accounts.unlink.mutationOptions(),
    onSuccess: (_result, input) => {
      const name = providerName(input.provider, providers) ?? "The provider";
      notifications.show({ color: "teal", title: `${name} unlinked`, message: `You can no longer sign in with ${name}.` });
      setUnlinking(null);
      refreshSecurityData();
    },
  });

  const rows: Row[] = [];
  for (const p of providers) {
    rows.push({ id: p.id, name: p.label, offered: p, linked: methods.accounts.find((a) => a.provider === p.id) ?? null });
  }
  // Linked earlier, no longer offered: still shown, so it can be unlinked.
  for (const a of methods.accounts) {
    if (!rows.some((r) => r.id === a.provider)) {
      rows.push({ id: a.provider, name: a.label || (providerName(a.provider) ?? a.provider), offered: null, linked: a });
    }
  }
  // The server's rule: a provider can be unlinked while a password or another linked provider
  // that is still offered remains. (Without the provider list, every linked one counts.)
  const usable = (provider: OAuthProviderId) => !providersKnown || providers.some((p) => p.id === provider);
  const canUnlink = (provider: OAuthProviderId) =>
    methods.hasPassword || methods.accounts.some((a) => a.provider !== provider && usable(a.provider));

  return (
    <Stack gap={0} component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
      <MethodRow
        name="Password"
        status={methods.hasPassword ? <Badge color="teal" variant="light">Set</Badge> : <Badge color="gray" variant="light">Not set</Badge>}
        detail={
          methods.hasPassword
            ? "You can sign in with your email address and password."
            : "You have no password yet. Set one by email to sign in without a provider."
        }
        action={
          methods.hasPassword ? (
            <Anchor href="#change-password" size="sm">
              Change password
            </Anchor>
          ) : (
            <Button component={Link} to={paths.forgotPassword} size="xs" variant="default">
              Set a password
            </Button>
          )
        }
      />
      {rows.map((row) => {
        const onlyWayIn = row.linked !== null && !canUnlink(row.id);
        const linkedAt = row.linked?.linkedAt instanceof Date ? row.linked.linkedAt : null;
        return (
          <MethodRow
            key={row.id}
            name={row.name}
            status={row.linked ? <Badge color="teal" variant="light">Linked</Badge> : <Badge color="gray" variant="light">Not linked</Badge>}
            detail={
              row.linked
                ? onlyWayIn
                  ? "This is your only way to sign in, so it cannot be unlinked. Set a password or link another provider first."
                  : `You can sign in with ${row.name}.${linkedAt ? ` Linked on ${formatDateTime(linkedAt)}.` : ""}${row.offered ? "" : " This provider is no longer offered for new links."}`
                : `Link your ${row.name} account to sign in with it.`
            }
            detailId={`method-${row.id}-detail`}
            action={
              row.linked ? (
                <Button
                  size="xs"
                  variant="default"
                  color="red"
                  disabled={onlyWayIn}
                  aria-describedby={`method-${row.id}-detail`}
                  aria-label={`Unlink ${row.name}`}
                  onClick={() => {
                    unlink.reset();
                    setUnlinking(row);
                  }}
                >
                  Unlink
                </Button>
              ) : row.offered ? (
                <Button
                  component="a"
                  href={oauthStartHref(row.offered.startUrl, { intent: "link", next: paths.settingsSecurity })}
                  size="xs"
                  variant="default"
                  aria-label={`Link ${row.name}`}
                >
                  Link
                </Button>
              ) : null
            }
          />
        );
      })}
      <ConfirmModal
        opened={unlinking !== null}
        onClose={() => setUnlinking(null)}
        title={`Unlink ${unlinking?.name ?? "provider"}?`}
        confirmLabel="Unlink"
        onConfirm={() => unlinking && unlink.mutate({ provider: unlinking.id })}
        loading={unlink.isPending}
        error={unlink.isError ? errorMessage(unlink.error) : null}
      >
        {`You will no longer be able to sign in with ${unlinking?.name ?? "this provider"}. You can link it again later.`}
      </ConfirmModal>
    </Stack>
  );
}

function MethodRow({
  name,
  status,
  detail,
  detailId,
  action,
}: {
  name: string;
  status: ReactNode;
  detail: string;
  detailId?: string;
  action: ReactNode;
}) {
  return (
    <Group
      component="li"
      justify="space-between"
      wrap="nowrap"
      preventGrowOverflow={false}
      gap="md"
      py="sm"
      style={{ borderTop: "1px solid var(--mantine-color-default-border)" }}
    >
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Group gap="xs">
          <Text fw={500}>{name}</Text>
          {status}
        </Group>
        <Text size="sm" c="dimmed" id={detailId}>
          {detail}
        </Text>
      </Stack>
      {action && <div style={{ flex: "none" }}>{action}</div>}
    </Group>
  );
}

type Notice = { color: "red" | "teal"; title: string; message: string };

/**
 * After linking, the server sends the browser back here, with `oauthLinked=<id>` when it
 * worked, or `oauthError=<code>` (and, where given, `provider=<id>`) when it failed. The message is kept and
 * the parameters are taken out of the address, so a reload does not show it again.
 */
function useOAuthReturnNotice(providers: OAuthProvider[]): Notice | null {
  const [params, setParams] = useSearchParams();
  const [notice] = useState<{ error: string | null; provider: string | null; linked: string | null }>(() => ({
    error: params.get(OAUTH_ERROR_PARAM),
    provider: params.get(OAUTH_PROVIDER_PARAM),
    linked: params.get(OAUTH_LINKED_PARAM),
  }));
  useEffect(() => {
    if (params.has(OAUTH_ERROR_PARAM) || params.has(OAUTH_PROVIDER_PARAM) || params.has(OAUTH_LINKED_PARAM)) {
      const rest = new URLSearchParams(params);
      for (const key of [OAUTH_ERROR_PARAM, OAUTH_PROVIDER_PARAM, OAUTH_LINKED_PARAM]) rest.delete(key);
      setParams(rest, { replace: true });
    }
  }, [params, setParams]);

  if (notice.error) {
    const name = isOAuthProviderId(notice.provider) ? providerName(notice.provider, providers) : null;
    return { color: "red", ...oauthErrorMessage(notice.error, name, "link") };
  }
  if (notice.linked && isOAuthProviderId(notice.linked)) {
    const name = providerName(notice.linked, providers) ?? "The provider";
    return { color: "teal", title: `${name} linked`, message: `You can now sign in with ${name}.` };
  }
  return null;
}
