// Your data in Chromium against the built SPA and the real server: Settings → Security →
// "Download my data" downloads a JSON file of the account, and "Delete my account" (password
// and the typed word) deletes it: the browser lands on /account-deleted, the final mail is in
// the outbox, and the address can no longer sign in.
import fs from "node:fs";
import { createVerifiedAccount, expect, expectNoAxeViolations, INVALID_CREDENTIALS_MESSAGE, openNewestMail, signInToDashboard, snap, submitSignIn, test } from "./helpers.ts";

test("a trainee downloads their data, then deletes their account for good", async ({ openClient, baseURL }, testInfo) => {
  const { page } = await openClient();
  const account = await createVerifiedAccount(page, baseURL, "your-data", "Dana Data");
  await signInToDashboard(page, account);

  await page.goto("/settings/security");
  await expect(page.getByRole("heading", { name: "Security", level: 1 })).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download my data" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^hirexp-data-\d{4}-\d{2}-\d{2}\.json$/);
  const doc = JSON.parse(fs.readFileSync((await download.path())!, "utf8")) as { format: string; account: { email: string }; profile: { name: string }; securityEvents: { action: string }[] };
  expect(doc.format).toBe("hirexp-export/1");
  expect(doc.account.email).toBe(account.email);
  expect(doc.profile.name).toBe("Dana Data");
  expect(doc.securityEvents.map((e) => e.action)).toContain("SIGN_IN");
  await expect(page.getByRole("status").filter({ hasText: /is downloaded/ })).toBeVisible();

  await page.getByRole("button", { name: "Delete my account…" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete your account for good?" });
  await expect(dialog).toBeVisible();
  await expectNoAxeViolations(page, "delete account dialog");
  await snap(page, testInfo, "delete-account-dialog");
  // The typed word is checked before anything is sent.
  await dialog.getByLabel("Your password").fill(account.password);
  await dialog.getByLabel("Type DELETE to confirm").fill("delete");
  await dialog.getByRole("button", { name: "Delete my account for good" }).click();
  await expect(dialog.getByText("Type DELETE in capital letters to confirm")).toBeVisible();
  await dialog.getByLabel("Type DELETE to confirm").fill("DELETE");
  await dialog.getByRole("button", { name: "Delete my account for good" }).click();

  await expect(page).toHaveURL(/\/account-deleted$/);
  await expect(page.getByRole("heading", { name: "Your account is deleted" })).toBeVisible();
  await expectNoAxeViolations(page, "account deleted");

  const mail = await openNewestMail(page, account.email, "Your HireXp account was deleted");
  await expect(mail.getByText(/As you asked, your HireXp account and everything in it/)).toBeVisible();

  await submitSignIn(page, account.email, account.password);
  await expect(page.getByText(INVALID_CREDENTIALS_MESSAGE)).toBeVisible();
});
