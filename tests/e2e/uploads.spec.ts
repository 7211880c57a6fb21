// Pictures in the browser: a trainee uploads a profile picture on /settings/profile (preview
// first), sees it in the header, and removes it; a company uploads its logo while waiting for
// verification, and once verified edits its profile and logo on /company/profile. Each page
// passes axe.
import sharp from "sharp";
import { createVerifiedAccount, e2eAdmin, expect, expectNoAxeViolations, signInToDashboard, test } from "./helpers.ts";

const png = (w: number, h: number, background: string) => sharp({ create: { width: w, height: h, channels: 3, background } }).png().toBuffer();

test("a trainee uploads, sees and removes a profile picture", async ({ openClient, baseURL }) => {
  const { page } = await openClient();
  const account = await createVerifiedAccount(page, baseURL, "avatar", "Pia Picture");
  await signInToDashboard(page, account);
  await page.goto("/settings/profile");
  const picture = page.getByRole("group", { name: "Profile picture" });
  await expect(picture).toBeVisible();
  await picture.locator('input[type="file"]').setInputFiles({ name: "me.png", mimeType: "image/png", buffer: await png(640, 480, "#264653") });
  await expect(picture.getByRole("img", { name: "Profile picture: preview of the chosen image" })).toBeVisible();
  await expectNoAxeViolations(page, "profile: picture chosen");
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().includes("/api/trpc/profile.avatar.upload") && r.request().method() === "POST"),
    picture.getByRole("button", { name: "Upload" }).click(),
  ]);
  expect(res.status()).toBe(200);
  // The header's avatar now shows the stored picture.
  const header = page.getByRole("button", { name: "Pia Picture: account menu" });
  await expect(header.locator('img[src^="/api/images/avatar-"]')).toBeVisible();
  await expect(picture.getByRole("img", { name: "Profile picture" })).toHaveAttribute("src", /^\/api\/images\/avatar-/);
  await expectNoAxeViolations(page, "profile: picture uploaded");

  await picture.getByRole("button", { name: "Remove profile picture" }).click();
  await expect(header.locator("img")).toHaveCount(0);
  await expect(picture.getByRole("button", { name: "Remove profile picture" })).toHaveCount(0);
});

test("a company uploads its logo before verification and edits its profile once verified", async ({ openClient, baseURL }) => {
  const { page } = await openClient();
  const companyName = `Logo Testing ${Math.random().toString(36).slice(2, 8)}`;
  const company = await createVerifiedAccount(page, baseURL, "logo", "Lou Logo", { companyName });
  await signInToDashboard(page, company);

  // Waiting for review: the company profile page explains; the logo goes on the profile page.
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Company profile" }).click();
  await expect(page.getByRole("heading", { name: "Your company is awaiting verification" })).toBeVisible();
  await page.goto("/settings/profile");
  const logo = page.getByRole("region", { name: "Company profile" });
  await logo.locator('input[type="file"]').setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: await png(900, 300, "#e9c46a") });
  await logo.getByRole("button", { name: "Upload" }).click();
  await expect(logo.getByRole("img", { name: "Company logo" })).toHaveAttribute("src", /^\/api\/images\/logo-/);
  // A PDF renamed .png is refused with the server's message.
  await logo.locator('input[type="file"]').setInputFiles({ name: "cv.png", mimeType: "image/png", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
  await logo.getByRole("button", { name: "Upload" }).click();
  await expect(logo.getByRole("alert")).toContainText("Upload a PNG, JPEG or WebP image");

  // An administrator verifies the company.
  const admin = (await openClient()).page;
  await signInToDashboard(admin, e2eAdmin());
  await admin.goto("/admin/verification");
  const card = admin.getByRole("article", { name: companyName, exact: true });
  await card.getByRole("button", { name: `Verify ${companyName}` }).click();
  await expect(card).toHaveCount(0);

  await page.goto("/company/profile");
  await expect(page.getByRole("heading", { name: "Company profile", level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Logo" }).getByRole("img", { name: "Company logo" })).toHaveAttribute("src", /^\/api\/images\/logo-/);
  await page.getByLabel("Industry").fill("Testing");
  await page.getByRole("button", { name: "Save company profile" }).click();
  await expect(page.getByText("Your changes are saved.")).toBeVisible();
  await expectNoAxeViolations(page, "company profile");
});
