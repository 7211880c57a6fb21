// Email/password accounts end to end, in Chromium against the built SPA and the real server:
// sign-up and mailed verification, sign-in/out, the profile, the verify-your-email gate,
// password reset (and the sessions it ends), lockout, form errors, keyboard use and `next`.
// Every test opens its own browser context(s), each posing as its own client IP.
import {
  createVerifiedAccount,
  escapeRegExp,
  expect,
  INVALID_CREDENTIALS_MESSAGE,
  MAIL_SUBJECTS,
  newAccount,
  openNewestMail,
  signInToDashboard,
  signOutViaMenu,
  signUpViaUi,
  snap,
  strongPassword,
  submitSignIn,
  test,
  uniqueEmail,
  verifyViaOutbox,
} from "./helpers.ts";

test("sign up, confirm by mail, sign in and out, then edit the profile", async ({ openClient, baseURL }, testInfo) => {
  const { page } = await openClient();
  const account = newAccount("journey", "Robin Example");

  await signUpViaUi(page, account);
  await snap(page, testInfo, "sign-up-check-your-email");

  await verifyViaOutbox(page, baseURL, account.email);
  await snap(page, testInfo, "verify-email-done");

  // The verified page offers to sign in (the visitor is signed out).
  await page.getByRole("main").getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await submitSignIn(page, account.email, account.password, { goto: false });
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: `Welcome, ${account.name}` })).toBeVisible();
  await expect(page.getByRole("button", { name: `${account.name}: account menu` })).toBeVisible();
  await snap(page, testInfo, "dashboard");

  await signOutViaMenu(page, account.name);
  // Signed out for real: the dashboard now asks to sign in.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fdashboard$/);

  await signInToDashboard(page, account);
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Profile" }).click();
  await expect(page).toHaveURL(/\/settings\/profile$/);
  await expect(page.getByRole("heading", { name: "Profile", level: 1 })).toBeVisible();

  const name = page.getByLabel("Name", { exact: true });
  const bio = page.getByLabel("Bio");
  const timeZone = page.getByRole("combobox", { name: "Time zone" });
  const skills = page.getByRole("combobox", { name: "Skills" });
  const marketing = page.getByRole("switch", { name: "News and offers" });
  await expect(name).toHaveValue(account.name);
  await expect(marketing).not.toBeChecked();

  const newName = "Robin Updated";
  const newBio = "Practising job interviews and team meetings in English.";
  const newSkill = "Stakeholder updates";
  await name.fill(newName);
  await bio.fill(newBio);
  await timeZone.click();
  await timeZone.fill("Europe/Berlin");
  await page.getByRole("option", { name: "Europe/Berlin", exact: true }).click();
  await expect(timeZone).toHaveValue("Europe/Berlin");
  await skills.fill(newSkill);
  await skills.press("Enter");
  await expect(page.getByText(newSkill, { exact: true })).toBeVisible();
  await marketing.check();
  await expect(marketing).toBeChecked();
  // The interface is English only: no interface-language choice is offered.
  await expect(page.getByRole("combobox", { name: "Preferred language" })).toHaveCount(0);

  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Profile saved")).toBeVisible();
  await expect(page.getByText("Your changes are saved.")).toBeVisible();
  await expect(page.getByRole("button", { name: `${newName}: account menu` })).toBeVisible();

  await page.reload();
  await expect(page.getByRole("heading", { name: "Profile", level: 1 })).toBeVisible();
  await expect(name).toHaveValue(newName);
  await expect(bio).toHaveValue(newBio);
  await expect(timeZone).toHaveValue("Europe/Berlin");
  await expect(page.getByText(newSkill, { exact: true })).toBeVisible();
  await expect(marketing).toBeChecked();
  await expect(page.getByRole("button", { name: `${newName}: account menu` })).toBeVisible();
  await expect(page.getByRole("button", { name: `${account.name}: account menu` })).toHaveCount(0);
  await snap(page, testInfo, "profile-saved");
});

test("a signed-in but unverified user is held on the verify-your-email page and can resend the link", async ({ openClient, baseURL }, testInfo) => {
  const { page } = await openClient();
  const account = newAccount("unverified", "Uma Unverified");
  await signUpViaUi(page, account);

  await page.getByRole("link", { name: "Go to sign in" }).click();
  await submitSignIn(page, account.email, account.password, { goto: false });
  await expect(page).toHaveURL(/\/verify-email-required$/);
  await expect(page.getByRole("heading", { name: "Confirm your email" })).toBeVisible();
  await expect(page.getByText(`We sent a link to ${account.email}.`)).toBeVisible();

  for (const target of ["/dashboard", "/settings/profile", "/settings/security"]) {
    await page.goto(target);
    await expect(page, `typing ${target} leads back to the verify page`).toHaveURL(/\/verify-email-required$/);
    await expect(page.getByRole("heading", { name: "Confirm your email" })).toBeVisible();
    await expect(page.getByRole("heading", { name: /^Welcome,/ })).toHaveCount(0);
  }

  await page.getByRole("button", { name: "I have confirmed my email" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Not confirmed yet" })).toBeVisible();

  await page.getByRole("button", { name: "Resend the link" }).click();
  const sent = page.getByRole("alert").filter({ hasText: "New link sent" });
  await expect(sent).toBeVisible();
  await expect(sent).toContainText(`We sent a new confirmation link to ${account.email}.`);
  await snap(page, testInfo, "verify-email-required-resent");

  // The outbox really holds a second confirmation mail for this address.
  await page.goto("/dev/outbox");
  await expect(page.getByRole("button", { name: `Show mail “${MAIL_SUBJECTS.verify}” to ${account.email}`, exact: true })).toHaveCount(2);
  await snap(page, testInfo, "dev-outbox");

  // Opening the new link while signed in lets the person in.
  await verifyViaOutbox(page, baseURL, account.email);
  await page.getByRole("main").getByRole("link", { name: "Go to your dashboard" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: `Welcome, ${account.name}` })).toBeVisible();
});

test("forgot password: same answer for any address, reset by mail ends other sessions, only the new password works", async ({ openClient, baseURL }, testInfo) => {
  const a = await openClient();
  const b = await openClient();
  const account = await createVerifiedAccount(a.page, baseURL, "reset", "Riley Reset");

  // Another browser is signed in before the reset.
  await signInToDashboard(b.page, account);

  const page = a.page;
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();

  // An unknown address gets the same answer as a real one.
  const unknown = uniqueEmail("nobody");
  const sentText = (email: string) => `If an account exists for ${email}, we sent it a link to choose a new password.`;
  await page.getByLabel("Email").fill(unknown);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(page.getByText(sentText(unknown))).toBeVisible();

  await page.getByRole("button", { name: "Send another link" }).click();
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await page.getByLabel("Email").fill(account.email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(page.getByText(sentText(account.email))).toBeVisible();
  await snap(page, testInfo, "forgot-password-sent");

  const mail = await openNewestMail(page, account.email, MAIL_SUBJECTS.reset);
  // No mail went to the unknown address.
  await expect(page.getByRole("button", { name: `Show mail “${MAIL_SUBJECTS.reset}” to ${unknown}`, exact: true })).toHaveCount(0);
  const link = mail.getByRole("link", { name: /\/reset-password\?token=/ });
  await expect(link).toHaveAttribute("href", new RegExp(`^${escapeRegExp(String(baseURL))}/reset-password\\?token=[a-z0-9]+$`));
  await link.click();

  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  const newPassword = strongPassword();
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("Confirm new password", { exact: true }).fill(newPassword);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("heading", { name: "Password changed" })).toBeVisible();
  await expect(page.getByText("For your safety we signed you out everywhere. Sign in with the new password.")).toBeVisible();
  await snap(page, testInfo, "reset-password-done");

  // Told to sign in, not signed in: the header offers sign-up and the dashboard asks to sign in.
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign up" })).toBeVisible();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fdashboard$/);

  // The other browser's session ended with the reset.
  await b.page.reload();
  await expect(b.page).toHaveURL(/\/sign-in\?next=%2Fdashboard$/);
  await expect(b.page.getByRole("heading", { name: "Sign in to HireXp" })).toBeVisible();

  // The account owner is told the password changed.
  await openNewestMail(page, account.email, MAIL_SUBJECTS.passwordChanged);

  const old = await submitSignIn(page, account.email, account.password);
  expect(old.status()).toBe(401);
  await expect(page.getByRole("alert").filter({ hasText: INVALID_CREDENTIALS_MESSAGE })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);

  await signInToDashboard(page, { ...account, password: newPassword });
});

test("after 5 wrong passwords the right one is refused too, with the pause message; a first typo does not speak of a pause", async ({ openClient, baseURL }, testInfo) => {
  const { page } = await openClient();
  const account = await createVerifiedAccount(page, baseURL, "lockout", "Lee Locked");
  const alert = page.getByRole("alert");

  for (let i = 1; i <= 4; i++) {
    const r = await submitSignIn(page, account.email, `Wrong-Guess-${i}-Falcon`, { goto: i === 1 ? "/sign-in" : false });
    expect(r.status(), `wrong password #${i}`).toBe(401);
    await expect(alert.filter({ hasText: "We could not sign you in" })).toContainText(INVALID_CREDENTIALS_MESSAGE);
    await expect(alert).not.toContainText(/paused/);
  }
  const fifth = await submitSignIn(page, account.email, "Wrong-Guess-5-Falcon", { goto: false });
  expect(fifth.status(), "the wrong password that locks").toBe(429);

  const sixth = await submitSignIn(page, account.email, account.password, { goto: false });
  expect(sixth.status(), "the right password while locked").toBe(429);
  const paused = alert.filter({ hasText: "Sign-in is paused for now" });
  await expect(paused).toBeVisible();
  await expect(paused).toContainText(/paused for 15 minutes after too many failed attempts/);
  await expect(paused).toContainText(/emailed you a link that unlocks it/);
  await expect(paused).toContainText(/reset your password/);
  await expect(page).toHaveURL(/\/sign-in$/);
  await snap(page, testInfo, "sign-in-locked");

  // No session was created.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fdashboard$/);
});

test("form errors: empty sign-in, wrong password, and a common password at sign-up", async ({ openClient }, testInfo) => {
  const { page } = await openClient();
  let signInCalls = 0;
  page.on("request", (r) => {
    if (r.url().includes("auth.signIn")) signInCalls++;
  });

  // Empty submit: field errors next to each field, focus on the first, nothing sent.
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in to HireXp" })).toBeVisible();
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  const email = page.getByLabel("Email");
  const password = page.getByLabel("Password", { exact: true });
  await expect(page.getByText("Enter your email address")).toBeVisible();
  await expect(page.getByText("Enter your password")).toBeVisible();
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveAccessibleDescription(/Enter your email address/);
  await expect(password).toHaveAccessibleDescription(/Enter your password/);
  await expect(email).toBeFocused();
  expect(signInCalls, "an empty form is not sent").toBe(0);
  await snap(page, testInfo, "sign-in-field-errors");

  // Wrong password for an existing account: the server's message.
  const account = newAccount("formerrors", "Frankie Forms");
  await signUpViaUi(page, account);
  const r = await submitSignIn(page, account.email, "Definitely-Not-It-93");
  expect(r.status()).toBe(401);
  const alert = page.getByRole("alert").filter({ hasText: "We could not sign you in" });
  await expect(alert).toContainText(INVALID_CREDENTIALS_MESSAGE);
  await expect(page.getByText("Enter your email address")).toHaveCount(0);
  await expect(page).toHaveURL(/\/sign-in$/);

  // A common password at sign-up: the server's reason, on the password field.
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Casey Common");
  await page.getByLabel("Email").fill(uniqueEmail("common"));
  const newPassword = page.getByLabel("Password", { exact: true });
  await newPassword.fill("password123");
  await page.getByRole("button", { name: "Create account" }).click();
  const reason = "This is a commonly used password. Add more words that are less common.";
  await expect(page.getByText(reason)).toBeVisible();
  await expect(newPassword).toHaveAttribute("aria-invalid", "true");
  await expect(newPassword).toHaveAccessibleDescription(new RegExp(escapeRegExp(reason)));
  await expect(newPassword).toBeFocused();
  await expect(page.getByRole("heading", { name: "Create your HireXp account" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Check your email" })).toHaveCount(0);
  await snap(page, testInfo, "sign-up-common-password");
});

test("the sign-in page works with the keyboard alone", async ({ openClient, baseURL }, testInfo) => {
  const { page } = await openClient();
  const account = await createVerifiedAccount(page, baseURL, "keyboard", "Kit Keys");

  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in to HireXp" })).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("#main")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Email")).toBeFocused();
  await page.keyboard.type(account.email);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password", { exact: true })).toBeFocused();
  await page.keyboard.type(account.password);
  await snap(page, testInfo, "sign-in-keyboard");
  await page.keyboard.press("Enter");

  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: `Welcome, ${account.name}` })).toBeVisible();
});

test("`next` brings the person back after sign-in, but never to another site", async ({ openClient, baseURL }, testInfo) => {
  const { page } = await openClient();
  const account = await createVerifiedAccount(page, baseURL, "next", "Noa Next");

  await page.goto("/settings/profile");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings%2Fprofile$/);
  await submitSignIn(page, account.email, account.password, { goto: false });
  await expect(page).toHaveURL(/\/settings\/profile$/);
  await expect(page.getByRole("heading", { name: "Profile", level: 1 })).toBeVisible();

  await signOutViaMenu(page, account.name);

  await submitSignIn(page, account.email, account.password, { goto: "/sign-in?next=//evil.com" });
  await expect(page).toHaveURL(`${baseURL}/dashboard`);
  await expect(page.getByRole("heading", { name: `Welcome, ${account.name}` })).toBeVisible();
  await snap(page, testInfo, "dashboard-after-unsafe-next");
});
