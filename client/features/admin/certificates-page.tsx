// Admin → Certificates: revoke a certificate by its code (admin level 2). The code is looked
// up first through the public verification (holder's name, status, scores), then revoked with
// a reason after a confirmation; the holder is told by mail and the audit log records it.
import { useState, type FormEvent } from "react";
import { Alert, Button, Container, Group, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery } from "@tanstack/react-query";
import { normaliseCertificateCode } from "../../../shared/schemas/certificates.ts";
import { CertificateDates, CertificateScores, CertificateStatusBadge } from "../../components/certificate-details.tsx";
import { ConfirmModal } from "../../components/confirm-modal.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { usePageTitle } from "../../lib/page-title.ts";
import { errorMessage, fieldErrorsOf, queryClient, trpc, trpcCodeOf } from "../../lib/trpc.ts";
import { useAdminAccess } from "./admin-access.ts";
import { AdminPageHeader } from "./admin-page-header.tsx";
import { AdminSection } from "./admin-section.tsx";

export function AdminCertificatesPage() {
  usePageTitle("Certificates");
  const { can, isPending } = useAdminAccess();
  const [typed, setTyped] = useState("");
  const [code, setCode] = useState<string | null>(null);
  const [codeError, setCodeError] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [confirming, setConfirming] = useState(false);
  const found = useQuery({ ...trpc.certificates.verify.queryOptions({ code: code ?? "" }), enabled: code !== null, retry: false });
  const revoke = useMutation(trpc.admin.certificates.revoke.mutationOptions());
  const allowed = can("admin.certificates.revoke");

  const lookUp = (e: FormEvent) => {
    e.preventDefault();
    const c = normaliseCertificateCode(typed);
    setCodeError(c ? null : "A certificate code looks like HXP-7K3M-9QX2-RT4D.");
    setCode(c);
    revoke.reset();
  };
  const confirm = () => {
    if (!code) return;
    revoke.mutate(
      { code, reason },
      {
        onSuccess: () => {
          setConfirming(false);
          setReason("");
          notifications.show({ color: "teal", title: "Certificate revoked", message: `${code} now shows as revoked; its holder was told by mail.` });
          void queryClient.invalidateQueries(trpc.certificates.verify.queryFilter({ code }));
          void queryClient.invalidateQueries(trpc.admin.audit.pathFilter());
        },
      },
    );
  };
  const reasonError = fieldErrorsOf(revoke.error).reason;

  return (
    <Container size="md" px={0}>
      <Stack gap="lg">
        <AdminPageHeader title="Certificates" description="Look up a certificate by its code and revoke it. Revoking is final: its public page shows it as revoked." />
        {isPending ? (
          <PageLoader label="Checking your access…" />
        ) : !allowed ? (
          <Alert color="gray" title="Revoking needs admin level 2">
            You can check any certificate on its public page; revoking one needs a higher admin level.
          </Alert>
        ) : (
          <>
            <AdminSection id="certificate-find" title="Find a certificate">
              <form onSubmit={lookUp} noValidate aria-label="Find a certificate">
                <Group align="flex-start" gap="sm">
                  <TextInput label="Certificate code" placeholder="HXP-7K3M-9QX2-RT4D" value={typed} onChange={(e) => setTyped(e.currentTarget.value)} error={codeError} autoComplete="off" spellCheck={false} maxLength={100} style={{ flex: "1 1 260px" }} />
                  <Button type="submit" mt={25} variant="light">
                    Look up
                  </Button>
                </Group>
              </form>
            </AdminSection>
            {code !== null &&
              (found.isPending ? (
                <PageLoader label="Looking up the certificate…" />
              ) : found.isError ? (
                <Alert color={trpcCodeOf(found.error) === "NOT_FOUND" ? "gray" : "red"} title={trpcCodeOf(found.error) === "NOT_FOUND" ? "No certificate found" : "The lookup failed"}>
                  {errorMessage(found.error)}
                </Alert>
              ) : (
                <AdminSection id="certificate-found" title={`Certificate ${found.data.code}`}>
                  <Stack gap="md">
                    <Group gap="sm">
                      <CertificateStatusBadge status={found.data.status} />
                      <Text fw={600}>{found.data.holderName ?? "No name given"}</Text>
                    </Group>
                    <CertificateDates issuedAt={found.data.issuedAt} validUntil={found.data.validUntil} />
                    <CertificateScores skills={found.data.skills} overallScore={found.data.overallScore} />
                    {found.data.status === "revoked" ? (
                      <Text c="dimmed">This certificate is already revoked.</Text>
                    ) : (
                      <Stack gap="sm">
                        <Textarea label="Reason" description="The holder reads it in the mail; it is kept in the audit log." value={reason} onChange={(e) => setReason(e.currentTarget.value)} minRows={2} maxLength={500} error={reasonError} required />
                        <Group>
                          <Button color="red" onClick={() => setConfirming(true)} disabled={reason.trim().length < 3}>
                            Revoke certificate
                          </Button>
                        </Group>
                      </Stack>
                    )}
                  </Stack>
                </AdminSection>
              ))}
          </>
        )}
      </Stack>
      <ConfirmModal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Revoke this certificate?"
        confirmLabel="Revoke"
        onConfirm={confirm}
        loading={revoke.isPending}
        error={revoke.error ? (reasonError ?? errorMessage(revoke.error)) : null}
      >
        {`${code ?? ""} will show as revoked to anyone who checks it, and its holder will be told by mail. This cannot be undone.`}
      </ConfirmModal>
    </Container>
  );
}
