// Admin → Verification: instructors and companies waiting for review, oldest first.
// Verify or reject (with a reason the user is mailed); a decided item leaves the list at
// once and comes back if the server refuses.
import { useState } from "react";
import { Anchor, Badge, Button, Card, Container, DataList, Group, Image, Modal, SimpleGrid, Stack, Text, Textarea, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Link } from "react-router";
import type { AppRouter } from "../../../server/routers/app.ts";
import { FormAlert } from "../../components/form-alert.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { RelativeTime } from "../../components/relative-time.tsx";
import { applyServerFieldErrors, focusFirstError } from "../../lib/form.ts";
import { usePageTitle } from "../../lib/page-title.ts";
import { adminUserPath } from "../../lib/paths.ts";
import { errorMessage, queryClient, trpc } from "../../lib/trpc.ts";
import { useAdminAccess } from "./admin-access.ts";
import { AdminPageHeader } from "./admin-page-header.tsx";
import { Fact } from "./admin-section.tsx";
import { plural, STATUS_COLORS, STATUS_LABELS } from "./admin-text.ts";

type Queue = inferRouterOutputs<AppRouter>["admin"]["verification"]["list"];
export type QueueItem = Queue["items"][number];

const queueKey = () => trpc.admin.verification.list.queryKey();

export function VerificationPage() {
  usePageTitle("Verification");
  const queue = useQuery(trpc.admin.verification.list.queryOptions());
  const { can } = useAdminAccess();
  const [rejecting, setRejecting] = useState<QueueItem | null>(null);

  // Optimistic: the item leaves the list now; on failure the list is put back.
  const decide = useMutation({
    ...trpc.admin.verification.decide.mutationOptions(),
    onMutate: async ({ userId }) => {
      await queryClient.cancelQueries({ queryKey: queueKey() });
      const before = queryClient.getQueryData(queueKey());
      // Named now: by onSuccess the item has already left the list.
      const item = before?.items.find((i) => i.user.id === userId);
      queryClient.setQueryData(queueKey(), (q) => (q ? { items: q.items.filter((i) => i.user.id !== userId) } : q));
      return { before, name: item ? itemName(item) : null };
    },
    onError: (error, _vars, context) => {
      if (context?.before) queryClient.setQueryData(queueKey(), context.before);
      notifications.show({ color: "red", title: "The decision was not saved", message: errorMessage(error) });
    },
    onSuccess: ({ verified, kind }, _vars, context) => {
      const name = context?.name ?? (kind === "company" ? "The company" : "The instructor");
      notifications.show({
        color: "teal",
        title: verified ? "Verified" : "Rejected",
        message: verified ? `${name} is verified and was told by mail.` : `${name} was told by mail why.`,
      });
    },
    onSettled: () => {
      void queryClient.invalidateQueries(trpc.admin.verification.pathFilter());
      void queryClient.invalidateQueries(trpc.admin.users.pathFilter());
      void queryClient.invalidateQueries(trpc.admin.audit.pathFilter());
    },
  });
  const allowed = can("admin.verification.decide");

  return (
    <Container size="lg" px={0}>
      <Stack gap="lg">
        <AdminPageHeader
          title="Verification"
          description="Instructors publish and companies search candidates only once verified. Oldest requests first."
        />
        {queue.isPending ? (
          <PageLoader label="Loading the queue…" />
        ) : queue.isError ? (
          <QueryError title="We could not load the queue" error={queue.error} onRetry={() => void queue.refetch()} retrying={queue.isFetching} />
        ) : queue.data.items.length === 0 ? (
          <Card withBorder padding="xl">
            <Stack align="center" gap={4}>
              <Title order={2} size="h4">
                Nothing to review
              </Title>
              <Text size="sm" c="dimmed">
                New instructor and company sign-ups appear here.
              </Text>
            </Stack>
          </Card>
        ) : (
          <>
            <Text size="sm" c="dimmed" aria-live="polite">
              {`${plural(queue.data.items.length, "request", "requests")} waiting`}
            </Text>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
              {queue.data.items.map((item) => (
                <QueueCard
                  key={`${item.kind}-${item.user.id}`}
                  item={item}
                  allowed={allowed}
                  onVerify={() => decide.mutate({ userId: item.user.id, approve: true })}
                  onReject={() => setRejecting(item)}
                />
              ))}
            </SimpleGrid>
          </>
        )}
      </Stack>
      {allowed && <RejectModal item={rejecting} onClose={() => setRejecting(null)} />}
    </Container>
  );
}

function itemName(item: QueueItem): string {
  return item.kind === "company" ? item.companyName : item.user.name?.trim() || item.user.email;
}

function QueueCard({ item, allowed, onVerify, onReject }: { item: QueueItem; allowed: boolean; onVerify: () => void; onReject: () => void }) {
  const headingId = `queue-${item.kind}-${item.user.id}`;
  const name = itemName(item);
  return (
    <Card withBorder padding="lg" component="article" aria-labelledby={headingId}>
      <Stack gap="sm" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Title order={2} size="h4" id={headingId} style={{ overflowWrap: "anywhere" }}>
              {name}
            </Title>
            <Anchor component={Link} to={adminUserPath(item.user.id)} size="sm" style={{ overflowWrap: "anywhere" }}>
              {item.kind === "company" && item.user.name ? `${item.user.name} · ${item.user.email}` : item.user.email}
            </Anchor>
          </Stack>
          <Badge variant="light" color={item.kind === "company" ? "orange" : "grape"} style={{ flexShrink: 0 }}>
            {item.kind === "company" ? "Company" : "Instructor"}
          </Badge>
        </Group>
        <DataList labelWidth={130} size="sm" gap={6}>
          {item.kind === "instructor" ? (
            <>
              <Fact label="Specializations">{item.specializations.join(", ") || "—"}</Fact>
              <Fact label="Certifications">{item.certifications.join(", ") || "—"}</Fact>
              <Fact label="Experience">{item.yearsOfExperience === null ? "—" : plural(item.yearsOfExperience, "year", "years")}</Fact>
            </>
          ) : (
            <>
              <Fact label="Logo">
                {item.companyLogo ? <Image src={item.companyLogo} alt={`${item.companyName}'s logo`} h={48} w="auto" maw={160} fit="contain" /> : "—"}
              </Fact>
              <Fact label="Industry">{item.industry || "—"}</Fact>
              <Fact label="Size">{item.companySize || "—"}</Fact>
              <Fact label="Country">{item.country || "—"}</Fact>
              <Fact label="Website">
                {item.website && /^https?:\/\//i.test(item.website) ? (
                  <Anchor href={item.website} target="_blank" rel="noopener noreferrer nofollow" size="sm" style={{ overflowWrap: "anywhere" }}>
                    {item.website}
                  </Anchor>
                ) : (
                  item.website || "—"
                )}
              </Fact>
              {item.description && (
                <Fact label="About">
                  <Text size="sm" lineClamp={3}>
                    {item.description}
                  </Text>
                </Fact>
              )}
            </>
          )}
          <Fact label="Account">
            <Group gap={6}>
              <Badge variant="dot" size="sm" color={STATUS_COLORS[item.user.status]}>
                {STATUS_LABELS[item.user.status]}
              </Badge>
              {!item.user.emailVerified && item.user.status !== "PENDING_VERIFICATION" && <Text size="xs" c="dimmed">email not verified</Text>}
            </Group>
          </Fact>
          <Fact label="Waiting since">
            <RelativeTime date={item.createdAt} />
          </Fact>
        </DataList>
        {allowed && (
          <Group justify="flex-end" gap="xs" mt="auto">
            <Button variant="default" color="red" onClick={onReject} aria-label={`Reject ${name}`}>
              Reject
            </Button>
            <Button onClick={onVerify} aria-label={`Verify ${name}`}>
              Verify
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

const REJECT_FIELDS = ["reason"] as const;

function RejectModal({ item, onClose }: { item: QueueItem | null; onClose: () => void }) {
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm({
    initialValues: { reason: "" },
    validate: { reason: (v) => (v.trim().length < 3 ? "Say why it is rejected (at least 3 characters); the user is told." : null) },
  });
  // Not optimistic: the reason may be refused, and the admin should see that here.
  const reject = useMutation(trpc.admin.verification.decide.mutationOptions());
  const dismiss = () => {
    form.reset();
    setFailure(null);
    onClose();
  };
  const submit = form.onSubmit(
    async ({ reason }) => {
      if (!item) return;
      setFailure(null);
      try {
        await reject.mutateAsync({ userId: item.user.id, approve: false, reason: reason.trim() });
        notifications.show({ color: "teal", title: "Rejected", message: `${itemName(item)} was told by mail why.` });
        queryClient.setQueryData(queueKey(), (q) => (q ? { items: q.items.filter((i) => i.user.id !== item.user.id) } : q));
        void queryClient.invalidateQueries(trpc.admin.verification.pathFilter());
        void queryClient.invalidateQueries(trpc.admin.audit.pathFilter());
        dismiss();
      } catch (error) {
        if (applyServerFieldErrors(form, error, REJECT_FIELDS)) return;
        setFailure(errorMessage(error));
      }
    },
    (errors) => focusFirstError(form, errors, REJECT_FIELDS),
  );
  return (
    <Modal
      opened={item !== null}
      onClose={() => !reject.isPending && dismiss()}
      title={item ? `Reject ${itemName(item)}?` : "Reject"}
      centered
      closeOnClickOutside={!reject.isPending}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            {item?.kind === "company"
              ? "The company stays unverified and cannot search candidates. We mail them your reason."
              : "The instructor stays unverified and cannot publish. We mail them your reason."}
          </Text>
          {failure && <FormAlert title="The request was not rejected">{failure}</FormAlert>}
          <Textarea label="Reason" description="Sent to the user by mail." required autosize minRows={3} maxLength={500} data-autofocus {...form.getInputProps("reason")} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={dismiss} disabled={reject.isPending}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={reject.isPending}>
              Reject
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
