// Account security in Chromium against the built SPA and the real server: sign-in with a
// real OpenID Connect provider (oidc-provider, started by run.mjs as "Acme SSO") through its
// own login and consent pages, the device list and "sign out all other devices", and
// changing the sign-in email through the mail sent to the new address.
// Every test opens its own browser context(s), each posing as its own client IP.
import type { BrowserContext, Page } from "@playwright/test";
import {
  createVerifiedAccount,
  e2eEnv,
  escapeRegExp,
  expect,
  INVALID_CREDENTIALS_MESSAGE,
  MAIL_SUBJECTS,
  openNewestMail,
  signInToDashboard,
  signOutViaMenu,
  snap,
  submitSignIn,
  test,
  uniqueEmail,
} from "./helpers.ts";
import { E2E_OIDC_NAME, oidcClaimsFor } from "./oidc-accounts.ts";

const UA_WINDOWS_CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
const UA_MAC_SAFARI = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15";
/** What the server's device names (shared/device.ts) make of the two user agents above. */
const DEVICE_WINDOWS_CHROME = "Chrome 126 on Windows 10";
const DEVICE_MAC_SAFARI = "Safari 17 on macOS Catalina";

/** The provider's development pages @import a web font; keep the test off the internet. */
async function offlineFonts(context: BrowserContext): Promise<void> {
  await context.route(/^https:\/\/fonts\.(googleapis|gstatic)\.com\//, (route) => route.abort());
}

/** The sign-in page, once its provider list has loaded (the SSO button is there). */
async function openSignInWithProviders(page: Page) {
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in to HireXp" })).toBeVisible();
  const sso = page.getByRole("link", { name: `Continue with ${E2E_OIDC_NAME}`, exact: true });
  await expect(sso).toBeVisible();
  return sso;
}

test("the sign-in page offers only the configured provider, and signing in with it at the provider lands on the dashboard as that identity", async ({ openClient, baseURL }, testInfo) => {
  const issuer = e2eEnv("E2E_OIDC_ISSUER");
  const { page, context } = await openClient();
  await offlineFonts(context);

  const sso = await openSignInWithProviders(page);
  // One provider is configured (OIDC), so exactly one provider button, and it starts our
  // server's OIDC route, coming back to the dashboard.
  await expect(page.getByRole("link", { name: /^Continue with / })).toHaveCount(1);
  await expect(page.getByRole("button", { name: /^Continue with / })).toHaveCount(0);
  for (const other of ["Google", "GitHub", "LinkedIn", "Single sign-on"]) {
    await expect(page.getByText(`Continue with ${other}`), `no ${other} button`).toHaveCount(0);
  }
  await expect(sso).toHaveAttribute("href", "/auth/oauth/oidc?next=%2Fdashboard");
  await snap(page, testInfo, "sign-in-with-sso-button");

  // A new identity at the provider (any login works at its development login form).
  const login = `jordan-${Math.random().toString(36).slice(2, 8)}`;
  const claims = oidcClaimsFor(login);

  await sso.click();
  await expect(page).toHaveURL(new RegExp(`^${escapeRegExp(issuer)}/interaction/[\\w-]+$`));
  await expect(page.getByRole("heading", { name: "Sign-in", exact: true })).toBeVisible();
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("any password at all");
  await snap(page, testInfo, "oidc-provider-login");
  await page.getByRole("button", { name: "Sign-in", exact: true }).click();

  // The provider asks to share email and profile with HireXp's client.
  await expect(page.getByRole("heading", { name: "Authorize", exact: true })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`^${escapeRegExp(issuer)}/interaction/[\\w-]+$`));
  await expect(page.getByRole("listitem").filter({ hasText: /^email$/ })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: /^profile$/ })).toBeVisible();
  await snap(page, testInfo, "oidc-provider-consent");
  await page.getByRole("button", { name: "Continue", exact: true }).click();

  // Back at HireXp, signed in as a new trainee made from the provider's claims.
  await expect(page).toHaveURL(`${baseURL}/dashboard`);
  await expect(page.getByRole("heading", { name: `Welcome, ${claims.name}` })).toBeVisible();
  const menu = page.getByRole("button", { name: `${claims.name}: account menu` });
  await menu.click();
  await expect(page.getByRole("menu").getByText(claims.email, { exact: true })).toBeVisible();
  await expect(page.getByRole("menu").getByText("Trainee", { exact: true })).toBeVisible();
  await page.keyboard.press("Escape");
  await snap(page, testInfo, "dashboard-after-sso");

  // The account signs in only through Acme SSO: no password, the provider linked (and, as the
  // only way in, not removable).
  await page.goto("/settings/security");
  const methods = page.getByRole("region", { name: "Sign-in methods" });
  await expect(methods.getByRole("listitem").filter({ hasText: /^Password/ })).toContainText("Not set");
  const ssoRow = methods.getByRole("listitem").filter({ hasText: E2E_OIDC_NAME });
  await expect(ssoRow).toContainText("Linked");
  await expect(ssoRow).toContainText("This is your only way to sign in");
  await expect(ssoRow.getByRole("button", { name: `Unlink ${E2E_OIDC_NAME}` })).toBeDisabled();
  await expect(page.getByRole("region", { name: "Email address" })).toContainText(`Your email address is ${claims.email}.`);
  await snap(page, testInfo, "security-after-sso");

  // A second visit signs the same identity into the same account.
  await signOutViaMenu(page, claims.name);
  await (await openSignInWithProviders(page)).click();
  // The provider remembers the browser's sign-in and the consent: straight back to HireXp.
  await expect(page).toHaveURL(`${baseURL}/dashboard`);
  await expect(page.getByRole("heading", { name: `Welcome, ${claims.name}` })).toBeVisible();
});

test("a provider sign-in that is cancelled or comes back with a forged state ends on the sign-in page with a message, signed out", async ({ openClient, baseURL }, testInfo) => {
  const issuer = e2eEnv("E2E_OIDC_ISSUER");
  const { page, context } = await openClient();
  await offlineFonts(context);

  // Cancelled at the provider's login page.
  await (await openSignInWithProviders(page)).click();
  await expect(page).toHaveURL(new RegExp(`^${escapeRegExp(issuer)}/interaction/`));
  await page.getByRole("link", { name: "[ Cancel ]" }).click();
  await expect(page).toHaveURL(`${baseURL}/sign-in?oauthError=denied&provider=oidc`);
  const cancelled = page.getByRole("alert").filter({ hasText: "Sign-in cancelled" });
  await expect(cancelled).toContainText(`Sign-in was cancelled at ${E2E_OIDC_NAME}. Nothing was changed.`);
  await snap(page, testInfo, "sign-in-sso-cancelled");

  // A callback whose state this browser never started.
  await page.goto("/auth/oauth/oidc/callback?state=bogus-state-0123456789&code=x");
  await expect(page).toHaveURL(`${baseURL}/sign-in?oauthError=state&provider=oidc`);
  const stateAlert = page.getByRole("alert").filter({ hasText: `Signing in with ${E2E_OIDC_NAME} did not work` });
  await expect(stateAlert).toContainText("The sign-in took too long, or was started in another tab or browser. Please try again.");
  await snap(page, testInfo, "sign-in-sso-bad-state");

  // Neither made a session.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fdashboard$/);
});

test("Security lists this device and another browser; signing out all other devices ends the other browser's session", async ({ openClient, baseURL }, testInfo) => {
  const a = await openClient({ userAgent: UA_WINDOWS_CHROME });
  const b = await openClient({ userAgent: UA_MAC_SAFARI });
  const account = await createVerifiedAccount(a.page, baseURL, "devices", "Dana Devices");
  await signInToDashboard(a.page, account);
  await signInToDashboard(b.page, account);

  const page = a.page;
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Security" }).click();
  await expect(page).toHaveURL(/\/settings\/security$/);
  const devices = page.getByRole("region", { name: "Where you're signed in" });
  const rows = devices.getByRole("row").filter({ has: page.getByRole("rowheader") });
  const here = rows.filter({ hasText: DEVICE_WINDOWS_CHROME });
  const other = rows.filter({ hasText: DEVICE_MAC_SAFARI });
  await expect(rows).toHaveCount(2);
  // This browser is marked, first, and "active now"; the other shows its own address.
  await expect(rows.first()).toContainText(DEVICE_WINDOWS_CHROME);
  await expect(here).toContainText("This device");
  await expect(here).toContainText(a.ip);
  await expect(here).toContainText("Active now");
  await expect(here.getByRole("button", { name: "Sign out this device" })).toBeVisible();
  await expect(other).toContainText(b.ip);
  await expect(other).not.toContainText("This device");
  await expect(other.getByRole("button", { name: `Sign out ${DEVICE_MAC_SAFARI}` })).toBeVisible();
  await expect(devices.getByText("You are also signed in on 1 other device.")).toBeVisible();
  await snap(page, testInfo, "security-two-devices");

  await devices.getByRole("button", { name: "Sign out all other devices" }).click();
  await expect(page.getByText("We signed you out on 1 other device. This one stays signed in.")).toBeVisible();
  await expect(rows).toHaveCount(1);
  await expect(here).toContainText("This device");
  await expect(other).toHaveCount(0);
  await expect(devices.getByText("You are signed in only on this device.")).toBeVisible();
  await expect(devices.getByRole("button", { name: "Sign out all other devices" })).toBeDisabled();
  await snap(page, testInfo, "security-other-devices-signed-out");

  // The other browser is signed out at its next page load.
  await b.page.reload();
  await expect(b.page).toHaveURL(/\/sign-in\?next=%2Fdashboard$/);
  await expect(b.page.getByRole("heading", { name: "Sign in to HireXp" })).toBeVisible();

  // This one is still signed in, and the list (from the server) still has one device.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Security", level: 1 })).toBeVisible();
  await expect(rows).toHaveCount(1);
  await expect(here).toContainText("This device");
});

test("changing the sign-in email: a notice to the old address, a link to the new one, and the new address signs in", async ({ openClient, baseURL }, testInfo) => {
  const { page } = await openClient();
  const account = await createVerifiedAccount(page, baseURL, "emailchange", "Emery Change");
  await signInToDashboard(page, account);
  const newEmail = uniqueEmail("emailchange-new");

  await page.goto("/settings/security");
  const section = page.getByRole("region", { name: "Email address" });
  await expect(section).toContainText(`Your email address is ${account.email}.`);
  await section.getByLabel("New email address").fill(newEmail);
  await section.getByLabel("Current password", { exact: true }).fill(account.password);
  await section.getByRole("button", { name: "Send confirmation link" }).click();
  const sent = section.getByRole("alert").filter({ hasText: "Check your new inbox" });
  await expect(sent).toContainText(`We sent a link to ${newEmail}. Your email changes when you open it.`);
  await expect(sent).toContainText(`we also let ${account.email} know about this request.`);
  // Nothing changed yet.
  await expect(section).toContainText(`Your email address is ${account.email}.`);
  await snap(page, testInfo, "email-change-requested");

  // The old address is told (with the new one masked); the new one gets the link.
  const notice = await openNewestMail(page, account.email, MAIL_SUBJECTS.emailChangeNotice);
  const [local = "", domain = ""] = newEmail.split("@");
  const masked = `${local.slice(0, 1)}${"*".repeat(local.length - 1)}@${domain}`;
  await expect(notice).toContainText(`asked to change its email to ${masked}`);
  await expect(notice).not.toContainText(newEmail);
  await expect(page.getByRole("button", { name: `Show mail “${MAIL_SUBJECTS.emailChangeConfirm}” to ${account.email}`, exact: true })).toHaveCount(0);

  const confirm = await openNewestMail(page, newEmail, MAIL_SUBJECTS.emailChangeConfirm);
  const link = confirm.getByRole("link", { name: /\/confirm-email-change\?token=/ });
  await expect(link).toHaveAttribute("href", new RegExp(`^${escapeRegExp(String(baseURL))}/confirm-email-change\\?token=[A-Za-z0-9]+$`));
  await snap(page, testInfo, "email-change-outbox");
  await link.click();

  await expect(page).toHaveURL(/\/confirm-email-change\?token=/);
  await expect(page.getByRole("heading", { name: "Email changed" })).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: `Your email is now ${newEmail}` })).toContainText("Use it the next time you sign in.");
  await snap(page, testInfo, "email-change-confirmed");

  // Still signed in; the settings and the header's menu show the new address.
  await page.getByRole("link", { name: "Back to security settings" }).click();
  await expect(page).toHaveURL(/\/settings\/security$/);
  await expect(section).toContainText(`Your email address is ${newEmail}.`);
  await page.getByRole("button", { name: `${account.name}: account menu` }).click();
  await expect(page.getByRole("menu").getByText(newEmail, { exact: true })).toBeVisible();
  await expect(page.getByRole("menu").getByText(account.email, { exact: true })).toHaveCount(0);
  await page.keyboard.press("Escape");
  await signOutViaMenu(page, account.name);

  // The old address no longer signs in; the new one does, with the same password.
  const old = await submitSignIn(page, account.email, account.password);
  expect(old.status()).toBe(401);
  await expect(page.getByRole("alert").filter({ hasText: INVALID_CREDENTIALS_MESSAGE })).toBeVisible();
  await signInToDashboard(page, { ...account, email: newEmail });
  await page.goto("/settings/profile");
  await expect(page.getByRole("heading", { name: "Profile", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: `${account.name}: account menu` }).click();
  await expect(page.getByRole("menu").getByText(newEmail, { exact: true })).toBeVisible();
});
