// /company/api-keys — the company's API keys (issue 14): create one with a name, scopes and an
// optional expiry; its secret is shown ONCE in a dialog to copy (the server keeps only a hash);
// the list shows name, prefix, scopes, created, last used and expiry; revoking asks first.
// Loaded on demand (router.tsx): none of it is in the sign-in bundle.
import { useState } from "react";
import { Alert, Anchor, Badge, Button, Checkbox, Code, Container, CopyButton, Group, Modal, Select, Stack, Table, Text, TextInput, Title, VisuallyHidden } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "../../../server/routers/app.ts";
import { API_SCOPE_LABELS, API_SCOPES, type ApiScope } from "../../../shared/access.ts";
import { API_KEY_LIMITS } from "../../../shared/schemas/api-keys.ts";
import { ConfirmModal } from "../../components/confirm-modal.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { FormAlert } from "../../components/form-alert.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { usePageTitle } from "../../lib/page-title.ts";
import { errorData, errorMessage, queryClient, trpc } from "../../lib/trpc.ts";
import { onFirstUse } from "../../lib/format.ts";

type Key = inferRouterOutputs<AppRouter>["apiKeys"]["list"]["items"][number];

const EXPIRY = [
  { value: "never", label: "Never (until revoked)" },
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "365", label: "In a year" },
];

const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
const dateFormat = onFirstUse(() => new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }));

function keyState(k: Key): { label: string; color: string } {
  if (k.revokedAt) return { label: "Revoked", color: "red" };
  if (k.expiresAt && new Date(k.expiresAt).getTime() <= Date.now()) return { label: "Expired", color: "gray" };
  return { label: "Active", color: "teal" };
}

function CreateKeyForm({ onCreated }: { onCreated: (key: string, name: string) => void }) {
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<string[]>(["jobs:read", "applicants:read"]);
  const [expiry, setExpiry] = useState<string>("never");
  const create = useMutation({
    ...trpc.apiKeys.create.mutationOptions(),
    onSuccess: (r) => {
      refresh();
      setName("");
      onCreated(r.key, r.name);
    },
  });
  const fieldErrors = errorData(create.error)?.fieldErrors ?? null;
  return (
    <Stack
      component="form"
      gap="sm"
      aria-labelledby="new-key-heading"
      onSubmit={(e) => {
        e.preventDefault();
        const expiresAt = expiry === "never" ? null : new Date(Date.now() + Number(expiry) * 24 * 60 * 60 * 1000);
        create.mutate({ name, scopes: scopes as ApiScope[], expiresAt });
      }}
    >
      <Title order={2} size="h3" id="new-key-heading">
        New key
      </Title>
      <TextInput
        label="Name"
        description="What will use it, e.g. “Our applicant tracking system”."
        required
        maxLength={API_KEY_LIMITS.name}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={fieldErrors?.name?.[0]}
      />
      <Checkbox.Group label="Scopes" description="What the key may do. Give it only what it needs." value={scopes} onChange={setScopes} error={fieldErrors?.scopes?.[0]} required>
        <Stack gap={6} mt="xs">
          {API_SCOPES.map((s) => (
            <Checkbox key={s} value={s} label={<><Code>{s}</Code> {API_SCOPE_LABELS[s]}</>} />
          ))}
        </Stack>
      </Checkbox.Group>
      <Select label="Expires" data={EXPIRY} value={expiry} onChange={(v) => setExpiry(v ?? "never")} allowDeselect={false} w={260} />
      {create.error && !fieldErrors && <FormAlert title="The key was not created">{errorMessage(create.error)}</FormAlert>}
      <Group>
        <Button type="submit" loading={create.isPending} disabled={scopes.length === 0 || !name.trim()}>
          Create key
        </Button>
      </Group>
    </Stack>
  );
}

/** The new key, once: copy it now. Closing the dialog forgets it. */
function NewKeyModal({ created, onClose }: { created: { key: string; name: string } | null; onClose: () => void }) {
  return (
    <Modal opened={created !== null} onClose={onClose} title="Copy your new API key" centered size="lg" closeOnClickOutside={false}>
      {created && (
        <Stack gap="md">
          <Alert color="orange" title="This is the only time you will see this key">
            Copy it now and keep it somewhere safe (a secrets manager). HireXp stores only a fingerprint of it and cannot show it again. If you lose it, revoke it and create a new
            one.
          </Alert>
          <Text size="sm">Key “{created.name}”:</Text>
          <Code block data-testid="new-api-key" style={{ wordBreak: "break-all" }}>
            {created.key}
          </Code>
          <Group justify="space-between">
            <CopyButton value={created.key}>
              {({ copied, copy }) => (
                <Button color={copied ? "teal" : undefined} variant={copied ? "light" : "filled"} onClick={copy}>
                  {copied ? "Copied" : "Copy key"}
                </Button>
              )}
            </CopyButton>
            <Button variant="default" onClick={onClose}>
              I have copied the key
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function KeyRow({ k }: { k: Key }) {
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation({
    ...trpc.apiKeys.revoke.mutationOptions(),
    onSuccess: () => {
      setConfirming(false);
      refresh();
      notifications.show({ color: "teal", title: "Key revoked", message: `“${k.name}” no longer works.` });
    },
  });
  const state = keyState(k);
  return (
    <Table.Tr data-testid="api-key-row">
      <Table.Td>
        <Text fw={600}>{k.name}</Text>
        <Code>{k.prefix}…</Code>
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          {k.scopes.map((s) => (
            <Badge key={s} variant="light" tt="none">
              {s}
            </Badge>
          ))}
        </Group>
      </Table.Td>
      <Table.Td>
        <RelativeTime date={k.createdAt} size="sm" />
      </Table.Td>
      <Table.Td>{k.lastUsedAt ? <RelativeTime date={k.lastUsedAt} size="sm" /> : <Text size="sm" c="dimmed">Never</Text>}</Table.Td>
      <Table.Td>
        <Text size="sm">{k.expiresAt ? dateFormat().format(new Date(k.expiresAt)) : "Never"}</Text>
      </Table.Td>
      <Table.Td>
        <Badge color={state.color} variant="light">
          {state.label}
        </Badge>
      </Table.Td>
      <Table.Td>
        {!k.revokedAt && (
          <Button size="xs" variant="subtle" color="red" onClick={() => setConfirming(true)} aria-label={`Revoke ${k.name}`}>
            Revoke
          </Button>
        )}
        <ConfirmModal
          opened={confirming}
          onClose={() => setConfirming(false)}
          title="Revoke this key?"
          confirmLabel="Revoke the key"
          onConfirm={() => revoke.mutate({ id: k.id })}
          loading={revoke.isPending}
          error={revoke.error ? errorMessage(revoke.error) : null}
        >
          {`“${k.name}” (${k.prefix}…) stops working at once: every system that uses it gets “401 Unauthorized” from its next request. This cannot be undone.`}
        </ConfirmModal>
      </Table.Td>
    </Table.Tr>
  );
}

export function ApiKeysPage() {
  usePageTitle("API keys");
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);
  const list = useQuery(trpc.apiKeys.list.queryOptions());
  return (
    <Container size="lg" px={0}>
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1}>API keys</Title>
          <Text c="dimmed">
            Connect your own hiring tools to HireXp: a key lets a system read your jobs, applicants and shortlist, post jobs or search candidates — only what its scopes allow. See
            the{" "}
            <Anchor href="/api/v1/docs" target="_blank" rel="noopener">
              API reference
            </Anchor>
            .
          </Text>
        </Stack>
        <CreateKeyForm onCreated={(key, name) => setCreated({ key, name })} />
        <NewKeyModal created={created} onClose={() => setCreated(null)} />
        <Title order={2} size="h3">
          Your keys
        </Title>
        {list.isPending ? (
          <PageLoader label="Loading your keys…" />
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} retrying={list.isRefetching} />
        ) : list.data.items.length === 0 ? (
          <EmptyState title="No keys yet">Create a key above to connect another system.</EmptyState>
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" aria-label="Your API keys">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Scopes</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((k) => (
                  <KeyRow key={k.id} k={k} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Container>
  );
}

export default ApiKeysPage;
