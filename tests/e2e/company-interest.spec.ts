// Companies' interest in Chromium (issue 11): a verified company marks interest in a
// discoverable trainee (the company's verification and the trainee's opt-in are written through
// the running app's database socket, as the operator commands do; the mark is the company's own
// API call from its signed-in page); the company's shortlist shows the answer without contact
// details; the trainee finds the company under "Companies", accepts; the shortlist then shows
// the trainee's email and phone. Both pages pass axe.
import path from "node:path";
import pg from "pg";
import { createVerifiedAccount, e2eEnv, expect, expectNoAxeViolations, signInToDashboard, snap, test } from "./helpers.ts";

async function withDb<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ host: path.join(e2eEnv("E2E_DATA_DIR"), "run"), port: 5432, database: "postgres", user: "postgres" });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

test("a company marks interest; the trainee accepts on /interests; the shortlist then shows the contact", async ({ openClient, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const companyName = `Umbrella ${Math.random().toString(36).slice(2, 8)}`;
  const co = await openClient();
  const tr = await openClient();
  const company = await createVerifiedAccount(co.page, baseURL, "interest-company", "Carla Company", { companyName });
  const trainee = await createVerifiedAccount(tr.page, baseURL, "interest-trainee", "Tomas Trainee");
  const phone = "+44 7700 900123";
  const traineeId = await withDb(async (c) => {
    await c.query("UPDATE company_profiles SET is_verified = true, verified_at = now(), industry = 'Logistics' WHERE user_id = (SELECT id FROM users WHERE email = $1)", [company.email]);
    const { rows } = await c.query<{ id: string }>("SELECT id FROM users WHERE email = $1", [trainee.email]);
    await c.query("UPDATE profiles SET discoverable = true, phone = $2, headline = 'Customer support lead' WHERE user_id = $1", [rows[0]!.id, phone]);
    return rows[0]!.id;
  });

  // The company: an empty shortlist, then a mark (its own API call, as the candidate page makes it).
  await signInToDashboard(co.page, company);
  await co.page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Shortlist" }).click();
  await expect(co.page).toHaveURL(/\/company\/shortlist$/);
  await expect(co.page.getByText("No one on your shortlist yet")).toBeVisible();
  await expect(co.page.getByTestId("quota-line")).toHaveText(/^10 of 10 left this month, resets 1 \w+$/);
  await expectNoAxeViolations(co.page, "company shortlist: empty");
  const status = await co.page.evaluate(async (candidateId) => {
    const res = await fetch("/api/trpc/company.candidates.interest", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: { candidateId, interested: true } }) });
    return res.status;
  }, traineeId);
  expect(status).toBe(200);
  await co.page.reload();
  const card = co.page.getByRole("article", { name: trainee.name });
  await expect(card.getByText("Waiting for an answer")).toBeVisible();
  await expect(card.getByText("Customer support lead")).toBeVisible();
  await expect(co.page.getByText(trainee.email)).toHaveCount(0);
  await expect(co.page.getByTestId("quota-line")).toHaveText(/^9 of 10 left this month/);

  // The trainee: the company under "Companies", accepted.
  await signInToDashboard(tr.page, trainee);
  await tr.page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Companies" }).click();
  await expect(tr.page).toHaveURL(/\/interests$/);
  const interest = tr.page.getByRole("article", { name: companyName });
  await expect(interest.getByText("Logistics")).toBeVisible();
  await expect(interest.getByText("Not answered")).toBeVisible();
  await expect(tr.page.getByRole("region", { name: "Who viewed your profile" }).getByText(companyName)).toBeVisible();
  await expectNoAxeViolations(tr.page, "trainee interests");
  await interest.getByRole("button", { name: "Accept" }).click();
  await expect(interest.getByText("Accepted: contact shared")).toBeVisible();
  await expect(interest.getByRole("button", { name: "Stop sharing" })).toBeVisible();
  await snap(tr.page, testInfo, "trainee-interests-accepted");

  // The company now sees the contact details.
  await co.page.reload();
  await expect(card.getByText("Accepted", { exact: true })).toBeVisible();
  await expect(card.getByRole("link", { name: trainee.email })).toHaveAttribute("href", `mailto:${trainee.email}`);
  await expect(card.getByRole("link", { name: phone })).toBeVisible();
  await snap(co.page, testInfo, "company-shortlist-accepted");
  await expectNoAxeViolations(co.page, "company shortlist: accepted");
});
