// Jobs in Chromium (companies issue): a verified company posts a job through the editor (its
// validation first), a trainee whose profile skills match finds it on the job board with the
// "matches your skills" badge, reads that the company will see their email and phone, and
// applies with a message ("Applied on …"); the company then sees the applicant's card with the
// match score, the message and the shared contact details. The company's verification and
// the trainee's skills and phone are written through the app's database socket (as the
// operator commands do); everything else goes through the UI. axe checks every page.
import path from "node:path";
import pg from "pg";
import { createVerifiedAccount, e2eEnv, expect, expectNoAxeViolations, signInToDashboard, snap, test } from "./helpers.ts";

async function sql(text: string, params: unknown[]) {
  const client = new pg.Client({ host: path.join(e2eEnv("E2E_DATA_DIR"), "run"), port: 5432, database: "postgres", user: "postgres" });
  await client.connect();
  try {
    await client.query(text, params);
  } finally {
    await client.end();
  }
}

test("a company posts a job, a trainee applies from the job board, the company sees the applicant", async ({ openClient, baseURL }, testInfo) => {
  test.setTimeout(180_000);
  const tag = Math.random().toString(36).slice(2, 7);
  const title = `Support specialist ${tag}`;

  // The company: signed up, verified by an operator, posts a job.
  const co = await openClient();
  const company = await createVerifiedAccount(co.page, baseURL, "jobs-company", "Nora Northwind", { companyName: `Northwind ${tag}` });
  await sql("UPDATE company_profiles SET is_verified = true, verified_at = now() WHERE user_id = (SELECT id FROM users WHERE email = $1)", [company.email]);
  await signInToDashboard(co.page, company);
  await co.page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Jobs" }).click();
  await expect(co.page).toHaveURL(/\/company\/jobs$/);
  await expect(co.page.getByRole("heading", { level: 1, name: "Your jobs" })).toBeVisible();
  await expect(co.page.getByText("You have not posted a job yet.")).toBeVisible();
  await expectNoAxeViolations(co.page, "company jobs: empty");

  await co.page.getByRole("link", { name: "Post your first job" }).click();
  await expect(co.page.getByRole("heading", { level: 1, name: "Post a job" })).toBeVisible();
  await co.page.getByRole("button", { name: "Post the job" }).click();
  await expect(co.page.getByText("Give the job a title (at least 3 characters)")).toBeVisible();
  await expect(co.page.getByText("Choose an experience level from the list")).toBeVisible();
  await expect(co.page.getByLabel("Title")).toBeFocused();
  await co.page.getByLabel("Title").fill(title);
  await co.page.getByLabel("Description").fill("Help our customers by chat and phone, in clear, friendly English.");
  const requirements = co.page.getByRole("combobox", { name: "Requirements" });
  await requirements.fill("Two years in a support role");
  await requirements.press("Enter");
  const skills = co.page.getByRole("combobox", { name: "Required skills" });
  for (const skill of ["English", "Negotiation"]) {
    await skills.fill(skill);
    await skills.press("Enter");
  }
  await co.page.getByRole("combobox", { name: "Experience level" }).click();
  await co.page.getByRole("option", { name: "Junior" }).click();
  await co.page.getByLabel("Location").fill("Lisbon (hybrid)");
  await expectNoAxeViolations(co.page, "company job editor");
  await co.page.getByRole("button", { name: "Post the job" }).click();
  await expect(co.page).toHaveURL(/\/company\/jobs$/);
  const row = co.page.getByRole("row", { name: new RegExp(title) });
  await expect(row).toBeVisible();
  await expect(row.getByRole("link", { name: `0 applicants for ${title}` })).toBeVisible();
  await expect(row.getByRole("switch", { name: `Open for applications: ${title}` })).toBeChecked();
  await expectNoAxeViolations(co.page, "company jobs: one job");

  // The trainee: skills and phone on the profile; finds the job, applies.
  const tr = await openClient();
  const trainee = await createVerifiedAccount(tr.page, baseURL, "jobs-trainee", "Tariq Trainee");
  await sql("UPDATE profiles SET skills = $2, phone = $3, bio = $4 WHERE user_id = (SELECT id FROM users WHERE email = $1)", [trainee.email, ["english", "Excel"], "+351 912 000 111", "Support agent, 3 years.\nLoves people."]);
  await signInToDashboard(tr.page, trainee);
  await tr.page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Jobs" }).click();
  await expect(tr.page).toHaveURL(/\/jobs$/);
  await tr.page.getByLabel("Search").fill(tag);
  const card = tr.page.getByRole("article", { name: title });
  await expect(card).toBeVisible();
  await expect(card.getByText("Matches 1 of your skills")).toBeVisible();
  // On a phone the badge goes under the title, whole: beside it, it was cut to "MATCHES …".
  // Polled: the signed-in frame animates to its phone layout after the resize.
  const viewport = tr.page.viewportSize();
  await tr.page.setViewportSize({ width: 390, height: 844 });
  const match = card.getByText("Matches 1 of your skills");
  await expect.poll(() => match.evaluate((el) => el.scrollWidth - el.clientWidth), { message: "pixels of the match badge cut off" }).toBeLessThanOrEqual(0);
  if (viewport) await tr.page.setViewportSize(viewport);
  await expectNoAxeViolations(tr.page, "job board");
  await card.getByRole("link", { name: title }).click();
  await expect(tr.page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const consent = tr.page.getByTestId("contact-consent");
  await expect(consent).toContainText(`Northwind ${tag}`);
  await expect(consent).toContainText(trainee.email);
  await expect(consent).toContainText("+351 912 000 111");
  await tr.page.getByLabel("Message to the company (optional)").fill("I enjoy calm, clear conversations with customers.");
  await expectNoAxeViolations(tr.page, "job page: before applying");
  await snap(tr.page, testInfo, "job-apply");
  await tr.page.getByRole("button", { name: "Apply and share my contact details" }).click();
  await expect(tr.page.getByText(/^Applied on /)).toBeVisible();
  await expect(tr.page.getByRole("button", { name: "Apply and share my contact details" })).toHaveCount(0);
  await tr.page.reload();
  await expect(tr.page.getByText(/^Applied on /)).toBeVisible();

  // The company: one applicant, with the match, the message and the shared contact details.
  await co.page.reload();
  await co.page.getByRole("link", { name: `1 applicant for ${title}` }).click();
  await expect(co.page.getByRole("heading", { level: 1, name: `Applicants: ${title}` })).toBeVisible();
  const applicant = co.page.getByRole("article", { name: "Tariq Trainee" });
  await expect(applicant).toContainText("Support agent, 3 years.");
  await expect(applicant).toContainText("50% skills match");
  await expect(applicant).toContainText("Has English; missing Negotiation.");
  await expect(applicant).toContainText("I enjoy calm, clear conversations with customers.");
  await expect(applicant.getByRole("link", { name: trainee.email })).toHaveAttribute("href", `mailto:${trainee.email}`);
  await expect(applicant.getByRole("link", { name: "+351 912 000 111" })).toBeVisible();
  await snap(co.page, testInfo, "job-applicants");
  await expectNoAxeViolations(co.page, "job applicants");
});
