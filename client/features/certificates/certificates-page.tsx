// /certificates — the trainee's certificates, newest first: status, scores, dates, the QR code
// of the public verification page, and a share section (copy the link, add to LinkedIn, view
// the public page) with the downloads (PDF and the signed credential). Empty: how to earn one.
import { Alert, Anchor, Button, Card, Container, CopyButton, Divider, Grid, Group, Stack, Text, TextInput, Title, Tooltip } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Link } from "react-router";
import type { AppRouter } from "../../../server/routers/app.ts";
import { CertificateDates, CertificateScores, CertificateStatusBadge } from "../../components/certificate-details.tsx";
import { PageLoader } from "../../components/page-loader.tsx";
import { QueryError } from "../../components/query-error.tsx";
import { usePageTitle } from "../../lib/page-title.ts";
import { paths, verifyCertificatePath } from "../../lib/paths.ts";
import { trpc } from "../../lib/trpc.ts";
import { certificatePdfUrl, credentialJwtUrl, linkedInAddToProfileUrl } from "./certificate-links.ts";
import { QrCode } from "./qr-code.tsx";

type Certificate = inferRouterOutputs<AppRouter>["certificates"]["mine"]["items"][number];

function CertificateCard({ c }: { c: Certificate }) {
  const headingId = `certificate-${c.code}`;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={headingId} data-testid="certificate-card">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Text size="sm" c="dimmed">
              Certificate code
            </Text>
            <Title order={2} size="h3" id={headingId} ff="monospace">
              {c.code}
            </Title>
          </Stack>
          <CertificateStatusBadge status={c.status} />
        </Group>
        {c.status === "revoked" && (
          <Alert color="red" title="Revoked">
            This certificate was revoked{c.revocationReason ? ` (reason: ${c.revocationReason})` : ""}. Its public page shows it as revoked.
          </Alert>
        )}
        {c.status === "expired" && (
          <Alert color="orange" title="Expired">
            This certificate is past its expiry date. Keep practising to earn a new one.
          </Alert>
        )}
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack gap="md">
              <CertificateDates issuedAt={c.issuedAt} validUntil={c.validUntil} />
              <CertificateScores skills={c.skills} overallScore={c.overallScore} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Stack gap="xs" align="center">
              <QrCode value={c.verificationUrl} label={`QR code of the verification page of certificate ${c.code}`} />
              <Text size="xs" c="dimmed" ta="center">
                Scan to check this certificate
              </Text>
            </Stack>
          </Grid.Col>
        </Grid>
        <Divider />
        <Stack gap="sm">
          <Title order={3} size="h5">
            Share
          </Title>
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput label="Verification link" value={c.verificationUrl} readOnly style={{ flex: 1 }} onFocus={(e) => e.currentTarget.select()} />
            <CopyButton value={c.verificationUrl}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? "Copied" : "Copy the link"} withArrow>
                  <Button variant={copied ? "filled" : "light"} color={copied ? "teal" : undefined} onClick={copy} aria-label={`Copy the link to ${c.code}`}>
                    {copied ? "Copied" : "Copy link"}
                  </Button>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
          <Group gap="sm">
            <Button component={Link} to={verifyCertificatePath(c.code)} variant="default">
              Open the public page
            </Button>
            {c.status === "valid" && (
              <Button component="a" href={linkedInAddToProfileUrl(c)} target="_blank" rel="noopener noreferrer" variant="light" color="blue">
                Add to LinkedIn profile
              </Button>
            )}
          </Group>
          {c.status === "revoked" ? (
            <Text size="sm" c="dimmed">
              A revoked certificate can no longer be downloaded.
            </Text>
          ) : (
            <>
              <Title order={3} size="h5" mt="xs">
                Download
              </Title>
              <Group gap="sm">
                <Button component="a" href={certificatePdfUrl(c.code)} download variant="light">
                  Certificate (PDF)
                </Button>
                <Button component="a" href={credentialJwtUrl(c.code)} download variant="default">
                  Signed credential (Open Badges, JWT)
                </Button>
              </Group>
              <Text size="xs" c="dimmed">
                The signed credential can be checked by anyone with a standard JOSE library against HireXp's public keys at{" "}
                <Anchor href="/.well-known/jwks.json" size="xs">
                  /.well-known/jwks.json
                </Anchor>
                .
              </Text>
            </>
          )}
        </Stack>
      </Stack>
    </Card>
  );
}

export function CertificatesPage() {
  usePageTitle("Certificates");
  const q = useQuery(trpc.certificates.mine.queryOptions());
  return (
    <Container size="lg" px={0}>
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1}>Certificates</Title>
          <Text c="dimmed">Certificates you earned. Anyone can check one with its code or QR code, without an account.</Text>
        </Stack>
        {q.isPending ? (
          <PageLoader label="Loading your certificates…" />
        ) : q.isError ? (
          <QueryError error={q.error} onRetry={() => void q.refetch()} retrying={q.isRefetching} />
        ) : q.data.items.length === 0 ? (
          <Card withBorder padding="xl">
            <Stack gap="xs" align="flex-start">
              <Text fw={600}>No certificate yet</Text>
              <Text size="sm" c="dimmed">
                A certificate is issued automatically once you meet the rule: practice sessions with the coach (one of them a call) with a good average score, and passed grammar, vocabulary
                and reading assessments. Your dashboard shows how far you are and what is still missing.
              </Text>
              <Group gap="sm">
                <Button component={Link} to={paths.dashboard} variant="light">
                  See my certificate progress
                </Button>
                <Button component={Link} to={paths.practice} variant="default">
                  Practise now
                </Button>
              </Group>
            </Stack>
          </Card>
        ) : (
          q.data.items.map((c) => <CertificateCard key={c.code} c={c} />)
        )}
      </Stack>
    </Container>
  );
}
