// Company candidate search in Chromium (issue 11): a trainee opts in on /settings/candidate
// (with the preview of what companies see); a company verified by hand (through the running
// app's database socket, as the operator commands do) searches by the trainee's skill with the
// filter kept in the URL, opens the candidate page, and writes a note that saves itself. An
// unverified company sees the awaiting-verification notice instead. Axe checks each page.
import path from "node:path";
import pg from "pg";
import { createVerifiedAccount, e2eEnv, expect, expectNoAxeViolations, signInToDashboard, test } from "./helpers.ts";

async function sql<T extends pg.QueryResultRow>(text: string, params: unknown[]): Promise<T[]> {
  const client = new pg.Client({ host: path.join(e2eEnv("E2E_DATA_DIR"), "run"), port: 5432, database: "postgres", user: "postgres" });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

test("a trainee opts in; a verified company finds them by skill, opens their page, keeps a note and marks interest; the trainee accepts and the company sees the contact; an unverified one sees the notice", async ({ openClient, baseURL }) => {
  test.setTimeout(180_000);
  const skill = `e2e-skill-${Math.random().toString(36).slice(2, 8)}`;

  // The trainee: a skill in the profile, then opting in with a headline.
  const trainee = await openClient();
  const t = await createVerifiedAccount(trainee.page, baseURL, "candidate", "Casey Candidate");
  await sql("UPDATE profiles SET skills = $2 WHERE user_id = (SELECT id FROM users WHERE email = $1)", [t.email, [skill]]);
  await signInToDashboard(trainee.page, t);
  await trainee.page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Candidate settings" }).click();
  await expect(trainee.page.getByRole("heading", { level: 1, name: "Candidate settings" })).toBeVisible();
  await expect(trainee.page.getByText("You are not visible to companies now.")).toBeVisible();
  await expectNoAxeViolations(trainee.page, "candidate settings");
  await trainee.page.getByRole("switch", { name: "Let verified companies find me" }).check();
  await trainee.page.getByLabel("Headline").fill("Calm and clear on the phone");
  await trainee.page.getByRole("checkbox", { name: "Full-time" }).check();
  await trainee.page.getByRole("button", { name: "Save" }).click();
  await expect(trainee.page.getByText("You are not visible to companies now.")).toHaveCount(0);
  await expect(trainee.page.getByTestId("candidate-card")).toContainText("Calm and clear on the phone");

  // An unverified company: the notice, no candidates.
  const company = await openClient();
  const c = await createVerifiedAccount(company.page, baseURL, "company", "Robin Recruiter", { companyName: "Acme Hiring" });
  await signInToDashboard(company.page, c);
  await company.page.goto("/company");
  await expect(company.page.getByRole("heading", { name: "Your company is awaiting verification" })).toBeVisible();

  // Verified by an administrator (here: directly in the database), the search works.
  await sql("UPDATE company_profiles SET is_verified = true, verified_at = now() WHERE user_id = (SELECT id FROM users WHERE email = $1)", [c.email]);
  await company.page.goto("/company");
  await company.page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Candidates" }).click();
  await expect(company.page.getByRole("heading", { level: 1, name: "Candidates" })).toBeVisible();
  await company.page.getByLabel("Search").fill(skill);
  await expect(company.page).toHaveURL(new RegExp(`[?&]q=${skill}`));
  const card = company.page.getByTestId("candidate-card").filter({ hasText: "Casey Candidate" });
  await expect(card).toContainText("Calm and clear on the phone");
  await expect(company.page.getByText(t.email)).toHaveCount(0);
  await expectNoAxeViolations(company.page, "company search");

  // The filter survives a reload (it lives in the URL).
  await company.page.reload();
  await expect(company.page.getByLabel("Search")).toHaveValue(skill);
  await expect(card).toBeVisible();

  await card.getByRole("link", { name: "Casey Candidate" }).click();
  await expect(company.page.getByRole("heading", { level: 1, name: "Casey Candidate" })).toBeVisible();
  await expect(company.page.getByText(/shared when the candidate applies/)).toBeVisible();
  await expect(company.page.getByText(t.email)).toHaveCount(0);
  await company.page.getByRole("textbox", { name: /Your notes/ }).fill("Strong phone manner; ask about start date.");
  await expect(company.page.getByTestId("notes-save-state")).toHaveText("Saved");
  await expectNoAxeViolations(company.page, "candidate page");
  await company.page.reload();
  await expect(company.page.getByRole("textbox", { name: /Your notes/ })).toHaveValue("Strong phone manner; ask about start date.");

  // Interest from the candidate page spends one of the month's marks.
  await expect(company.page.getByTestId("quota-line")).toHaveText(/^10 of 10 left this month/);
  await company.page.getByRole("button", { name: "Mark interest" }).click();
  await expect(company.page.getByRole("button", { name: "Withdraw interest" })).toBeVisible();
  await expect(company.page.getByTestId("quota-line")).toHaveText(/^9 of 10 left this month/);
  await expectNoAxeViolations(company.page, "candidate page: interest marked");

  // The trainee accepts; the company then sees the contact details on the candidate page.
  await trainee.page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Companies" }).click();
  await trainee.page.getByRole("article", { name: "Acme Hiring" }).getByRole("button", { name: "Accept" }).click();
  await expect(trainee.page.getByRole("article", { name: "Acme Hiring" }).getByText("Accepted: contact shared")).toBeVisible();
  await company.page.reload();
  await expect(company.page.getByText("The candidate accepted your interest.")).toBeVisible();
  await expect(company.page.getByRole("link", { name: t.email })).toHaveAttribute("href", `mailto:${t.email}`);
});
