// Certificates in Chromium (issue 10): a certificate seeded for a fresh trainee (written
// through the running app's database socket, as the operator commands do) is shown on its
// public verification page to a signed-out visitor — status in words, holder, scores, dates —
// an unknown code gets the not-found state, and the trainee's certificates page lists it with
// its QR code, share links and downloads.
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { createVerifiedAccount, e2eEnv, expect, expectNoAxeViolations, signInToDashboard, snap, test } from "./helpers.ts";

/** Writes one certificate for the account `email` straight into the app's database. */
async function seedCertificate(baseURL: string, email: string, opts: { code: string; revoked?: boolean }) {
  const client = new pg.Client({ host: path.join(e2eEnv("E2E_DATA_DIR"), "run"), port: 5432, database: "postgres", user: "postgres" });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>("SELECT id FROM users WHERE email = $1", [email]);
    const userId = rows[0]!.id;
    const issued = new Date(Date.UTC(2026, 0, 10, 10));
    const until = new Date(Date.UTC(2028, 0, 10, 10));
    const skills = { practice: { fluency: 81, grammar: 77, clarity: 74 }, assessments: { grammar: 90, vocabulary: 75, reading: 82 } };
    await client.query(
      `INSERT INTO certificates (id, user_id, certificate_code, issued_at, valid_until, skills, overall_score, verification_url, revoked_at, revocation_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [randomUUID(), userId, opts.code, issued, until, JSON.stringify(skills), 78.4, `${baseURL}/verify/${opts.code}`, opts.revoked ? new Date() : null, opts.revoked ? "Checked by hand" : null],
    );
  } finally {
    await client.end();
  }
}

/** A fresh code of the right shape (digits 2-9 only in the random part, so never 0/O/1/I). */
const freshCode = () => {
  const d = () => String(2 + Math.floor(Math.random() * 8));
  const g = () => Array.from({ length: 4 }, d).join("");
  return `HXP-${g()}-${g()}-${g()}`;
};

test("a seeded certificate: its public page renders signed out, and the trainee's certificates page shows it", async ({ openClient, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const trainee = await openClient();
  const account = await createVerifiedAccount(trainee.page, baseURL, "certificate", "Cora Certified");
  const code = freshCode();
  const revokedCode = freshCode();
  await seedCertificate(baseURL!, account.email, { code });
  await seedCertificate(baseURL!, account.email, { code: revokedCode, revoked: true });

  // Signed out, in a separate browser context: the public page.
  const visitor = await openClient();
  const page = visitor.page;
  await page.goto(`/verify/${code.toLowerCase()}`);
  await expect(page.getByRole("heading", { level: 1, name: code })).toBeVisible();
  await expect(page.getByTestId("certificate-status")).toHaveText("This certificate is valid.");
  await expect(page.locator('[data-status="valid"]')).toHaveText("Valid");
  await expect(page.getByTestId("holder-name")).toHaveText("Cora Certified");
  await expect(page.getByTestId("overall-score")).toHaveText("78");
  await expect(page.getByRole("table", { name: "Assessments passed" })).toContainText("Reading");
  await expect(page.getByRole("table", { name: "Practice (average per skill)" })).toContainText("Fluency");
  await expect(page.getByText(/^(January 10, 2026|10 January 2026)$/)).toBeVisible();
  await expect(page.getByText(/^(January 10, 2028|10 January 2028)$/)).toBeVisible();
  await expect(page.getByText(account.email)).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Sign in" }).or(page.getByRole("link", { name: "Sign in" }))).toBeVisible();
  await snap(page, testInfo, "certificate-verify-valid");
  await expectNoAxeViolations(page, "verify: valid certificate");

  await page.goto(`/verify/${revokedCode}`);
  await expect(page.getByTestId("certificate-status")).toHaveText(/revoked/);
  await expect(page.locator('[data-status="revoked"]')).toHaveText("Revoked");

  // Unknown code: a clear not-found state with the form to try again, which opens the right page.
  await page.goto("/verify/HXP-2222-3333-4444");
  await expect(page.getByTestId("certificate-not-found")).toContainText("No certificate found");
  await expectNoAxeViolations(page, "verify: not found");
  await page.getByLabel("Certificate code").fill(code.replace(/-/g, " "));
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page).toHaveURL(new RegExp(`/verify/${code}$`));
  await expect(page.getByTestId("certificate-status")).toHaveText("This certificate is valid.");

  // The trainee's own page: both certificates, the QR code and the share section.
  await signInToDashboard(trainee.page, account);
  await trainee.page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Certificates" }).click();
  await expect(trainee.page).toHaveURL(/\/certificates$/);
  const cards = trainee.page.getByTestId("certificate-card");
  await expect(cards).toHaveCount(2);
  const card = cards.filter({ hasText: code });
  await expect(card.locator('[data-status="valid"]')).toBeVisible();
  await expect(card.getByTestId("certificate-qr")).toBeVisible();
  await expect(card.getByLabel("Verification link", { exact: true })).toHaveValue(new RegExp(`/verify/${code}$`));
  const linkedIn = new URL((await card.getByRole("link", { name: "Add to LinkedIn profile" }).getAttribute("href"))!);
  expect(linkedIn.origin + linkedIn.pathname).toBe("https://www.linkedin.com/profile/add");
  expect(Object.fromEntries(linkedIn.searchParams)).toMatchObject({ startTask: "CERTIFICATION_NAME", organizationName: "HireXp", issueYear: "2026", issueMonth: "1", expirationYear: "2028", expirationMonth: "1", certId: code });
  await expect(card.getByRole("link", { name: "Certificate (PDF)" })).toHaveAttribute("href", `/api/certificates/${code}/certificate.pdf`);
  await expect(card.getByRole("link", { name: /Signed credential/ })).toHaveAttribute("href", `/api/certificates/${code}/credential.jwt`);
  const revokedCard = cards.filter({ hasText: revokedCode });
  await expect(revokedCard.getByText("Checked by hand")).toBeVisible();
  await expect(revokedCard.getByRole("link", { name: "Add to LinkedIn profile" })).toHaveCount(0);
  await expect(revokedCard.getByRole("link", { name: "Certificate (PDF)" })).toHaveCount(0);
  await expect(revokedCard.getByText("A revoked certificate can no longer be downloaded.")).toBeVisible();
  await snap(trainee.page, testInfo, "certificates-trainee");
  await expectNoAxeViolations(trainee.page, "certificates: trainee");
  await card.getByRole("link", { name: "Open the public page" }).click();
  await expect(trainee.page).toHaveURL(new RegExp(`/verify/${code}$`));
  await expect(trainee.page.getByTestId("holder-name")).toHaveText("Cora Certified");
});
