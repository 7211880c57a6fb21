// /verify and /verify/:code — public, signed in or out: anyone holding a certificate code (or
// its QR code) sees whether it is valid, expired or revoked, the holder's name, the skills
// and scores, and the dates. /verify alone is a form to type a code.
import { useState, type FormEvent } from "react";
import { Alert, Anchor, Button, Card, Container, Group, Loader, Stack, Text, TextInput, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "react-router";
import { normaliseCertificateCode } from "../../../shared/schemas/certificates.ts";
import { CERTIFICATE_STATUS, CertificateDates, CertificateScores, CertificateStatusBadge } from "../../components/certificate-details.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths, verifyCertificatePath } from "../../lib/paths.ts";
import { errorMessage, trpc, trpcCodeOf } from "../../lib/trpc.ts";

/** A field to type or paste a code; opens its verification page. */
function CodeForm({ initial = "" }: { initial?: string }) {
  const navigate = useNavigate();
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const code = normaliseCertificateCode(value);
    if (!code) {
      setError("A certificate code looks like HXP-7K3M-9QX2-RT4D.");
      return;
    }
    setError(null);
    void navigate(verifyCertificatePath(code));
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Check a certificate">
      <Group align="flex-start" gap="sm">
        <TextInput
          label="Certificate code"
          placeholder="HXP-7K3M-9QX2-RT4D"
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          error={error}
          autoComplete="off"
          spellCheck={false}
          maxLength={100}
          style={{ flex: "1 1 260px" }}
        />
        <Button type="submit" mt={25}>
          Check
        </Button>
      </Group>
    </form>
  );
}

export function VerifyFormPage() {
  usePageTitle("Verify a certificate");
  return (
    <Container size="sm" py="xl">
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1}>Verify a HireXp certificate</Title>
          <Text c="dimmed">Type the code printed on the certificate, or scan its QR code. No account needed.</Text>
        </Stack>
        <Card withBorder padding="lg">
          <CodeForm />
        </Card>
      </Stack>
    </Container>
  );
}

export function VerifyCertificatePage() {
  const { code = "" } = useParams();
  usePageTitle(`Certificate ${code}`);
  const q = useQuery({ ...trpc.certificates.verify.queryOptions({ code }), retry: false, staleTime: 60_000 });
  return (
    <Container size="md" py="xl">
      <Stack gap="lg">
        <Stack gap={4}>
          <Text size="sm" c="dimmed">
            HireXp certificate verification
          </Text>
          <Title order={1} style={{ overflowWrap: "anywhere" }}>
            {q.data?.code ?? code}
          </Title>
        </Stack>
        {q.isPending ? (
          <Group gap="sm" role="status" aria-live="polite">
            <Loader size="sm" />
            <Text>Checking the certificate…</Text>
          </Group>
        ) : q.isError ? (
          // A code too long to be one is refused as bad input: for a visitor it is "not found" too.
          trpcCodeOf(q.error) === "NOT_FOUND" || trpcCodeOf(q.error) === "BAD_REQUEST" ? (
            <Card withBorder padding="lg" data-testid="certificate-not-found">
              <Stack gap="sm">
                <Title order={2} size="h3">
                  No certificate found
                </Title>
                <Text>No certificate matches this code. Check it and try again: codes look like HXP-7K3M-9QX2-RT4D, and the letters O and I are never used.</Text>
                <CodeForm initial={code} />
              </Stack>
            </Card>
          ) : trpcCodeOf(q.error) === "TOO_MANY_REQUESTS" ? (
            <Alert color="yellow" title="Please wait a moment">
              {errorMessage(q.error)}
            </Alert>
          ) : (
            <QueryError error={q.error} onRetry={() => void q.refetch()} retrying={q.isRefetching} />
          )
        ) : (
          <Card withBorder padding="lg" style={{ borderTop: `6px solid var(--mantine-color-${CERTIFICATE_STATUS[q.data.status].color}-6)` }}>
            <Stack gap="lg">
              <Group gap="sm" role="status">
                <CertificateStatusBadge status={q.data.status} size="xl" />
                <Text fw={600} c={`${CERTIFICATE_STATUS[q.data.status].color}.8`} data-testid="certificate-status">
                  {CERTIFICATE_STATUS[q.data.status].sentence}
                </Text>
              </Group>
              <Stack gap={0}>
                <Text size="sm" c="dimmed">
                  Awarded to
                </Text>
                <Text fw={700} size="xl" data-testid="holder-name">
                  {q.data.holderName ?? "A HireXp trainee (no name given)"}
                </Text>
                <Text size="sm">for workplace communication in English: practice sessions with the HireXp coach and passed grammar, vocabulary and reading assessments.</Text>
              </Stack>
              <CertificateDates issuedAt={q.data.issuedAt} validUntil={q.data.validUntil} />
              <CertificateScores skills={q.data.skills} overallScore={q.data.overallScore} />
            </Stack>
          </Card>
        )}
        <Text size="sm" c="dimmed">
          HireXp issues a certificate when a trainee meets its rule: several scored practice sessions with the coach, one of them a call, with a high enough average, and passed grammar,
          vocabulary and reading assessments. <Anchor component={Link} to={paths.verify}>Check another code</Anchor>.
        </Text>
      </Stack>
    </Container>
  );
}
