// The mails HireXp sends. Each returns a subject, a plain-text body (always present:
// some clients and screen readers show only that) and a simple HTML body. Everything
// interpolated into HTML goes through escapeHtml.

export type MailContent = { subject: string; text: string; html: string };

const PRODUCT = "HireXp";

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** A display name is user input: one line, bounded, so it cannot reshape the mail. */
function greetingName(name: string | null | undefined): string {
  const clean = (name ?? "").replace(/\s+/g, " ").trim().slice(0, 80);
  return clean || "there";
}

type Parts = {
  subject: string;
  name: string | null | undefined;
  intro: string;
  action?: { label: string; url: string };
  after: string[];
};

function render(p: Parts): MailContent {
  const hi = `Hi ${greetingName(p.name)},`;
  const text = [
    hi,
    "",
    p.intro,
    ...(p.action ? ["", p.action.url] : []),
    "",
    ...p.after.flatMap((line) => [line, ""]),
    `— The ${PRODUCT} team`,
    "",
  ].join("\n");

  const para = (s: string) => `<p style="margin:0 0 16px">${escapeHtml(s)}</p>`;
  const button = p.action
    ? `<p style="margin:0 0 16px"><a href="${escapeHtml(p.action.url)}" style="display:inline-block;padding:10px 18px;background:#228be6;color:#ffffff;text-decoration:none;border-radius:6px">${escapeHtml(p.action.label)}</a></p>` +
      `<p style="margin:0 0 16px;font-size:13px;color:#555">Or paste this link into your browser:<br><a href="${escapeHtml(p.action.url)}" style="color:#228be6;word-break:break-all">${escapeHtml(p.action.url)}</a></p>`
    : "";
  const html =
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(p.subject)}</title></head>` +
    `<body style="margin:0;padding:24px;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#222">` +
    `<div style="max-width:520px">` +
    para(hi) +
    para(p.intro) +
    button +
    p.after.map(para).join("") +
    para(`— The ${PRODUCT} team`) +
    `</div></body></html>`;
  return { subject: p.subject, text, html };
}

export function verifyEmail({ name, url }: { name?: string | null; url: string }): MailContent {
  return render({
    subject: `Confirm your email for ${PRODUCT}`,
    name,
    intro: `Welcome to ${PRODUCT}! Please confirm your email address with this link:`,
    action: { label: "Confirm my email", url },
    after: [
      "The link works for 24 hours.",
      `If this wasn't you, you can ignore this email: no account will be activated.`,
    ],
  });
}

export function passwordReset({ name, url }: { name?: string | null; url: string }): MailContent {
  return render({
    subject: `Reset your ${PRODUCT} password`,
    name,
    intro: `Someone asked to reset the password of your ${PRODUCT} account. To choose a new one, open this link:`,
    action: { label: "Choose a new password", url },
    after: [
      "The link works for 1 hour and can be used once.",
      "If this wasn't you, you can ignore this email: your password stays as it is.",
    ],
  });
}

export function passwordChanged({ name, appUrl }: { name?: string | null; appUrl: string }): MailContent {
  return render({
    subject: `Your ${PRODUCT} password was changed`,
    name,
    intro: `The password of your ${PRODUCT} account was just changed.`,
    action: { label: `Open ${PRODUCT}`, url: appUrl },
    after: [
      `If this was you, there is nothing more to do.`,
      `If this wasn't you, reset your password right away from the sign-in page (“Forgot password?”) so that no one else can use your account.`,
    ],
  });
}

/** Sent instead of a second account when someone signs up with an address already in use. */
export function accountExists({ appUrl }: { appUrl: string }): MailContent {
  return render({
    subject: `Someone tried to sign up to ${PRODUCT} with your email`,
    name: null,
    intro: `Someone tried to create a ${PRODUCT} account with this email address, which already has an account.`,
    action: { label: "Sign in", url: `${appUrl}/sign-in` },
    after: [
      `If this was you, sign in instead; if you forgot your password, use “Forgot password?” on the sign-in page.`,
      "If this wasn't you, you can ignore this email: nothing was changed.",
    ],
  });
}

export function emailChangeConfirm({ name, url }: { name?: string | null; url: string }): MailContent {
  return render({
    subject: `Confirm your new email for ${PRODUCT}`,
    name,
    intro: `You asked to use this address to sign in to ${PRODUCT}. Confirm it with this link:`,
    action: { label: "Use this email", url },
    after: ["The link works for 24 hours and can be used once. Until then, nothing changes.", "If this wasn't you, ignore this email."],
  });
}

export function emailChangeNotice({ name, newEmailMasked, appUrl }: { name?: string | null; newEmailMasked: string; appUrl: string }): MailContent {
  return render({
    subject: `Your ${PRODUCT} email is about to change`,
    name,
    intro: `Someone signed in to your ${PRODUCT} account asked to change its email to ${newEmailMasked}. It changes only when the link sent there is opened.`,
    action: { label: `Review your security settings`, url: `${appUrl}/settings/security` },
    after: ["If this was you, there is nothing more to do.", "If this wasn't you, change your password now and sign out your other devices."],
  });
}

export function verificationDecision({ name, approved, kind, reason, appUrl }: { name?: string | null; approved: boolean; kind: "instructor" | "company"; reason?: string | null; appUrl: string }): MailContent {
  const what = kind === "instructor" ? "instructor profile" : "company profile";
  return approved
    ? render({
        subject: `Your ${PRODUCT} ${what} is verified`,
        name,
        intro: kind === "instructor" ? `Good news: your instructor profile is verified. You can now publish practice content.` : `Good news: your company is verified. You can now search certified candidates and post jobs.`,
        action: { label: `Open ${PRODUCT}`, url: `${appUrl}/dashboard` },
        after: [],
      })
    : render({
        subject: `Your ${PRODUCT} ${what} was not verified`,
        name,
        intro: `We could not verify your ${what}${reason ? ` for this reason: ${reason}` : "."}`,
        action: { label: `Update your profile`, url: `${appUrl}/settings/profile` },
        after: ["Update your details and we will look again, or reply to this email if you think this is a mistake."],
      });
}

/** Sent once when an account becomes locked after too many wrong passwords. */
export function accountLocked({ name, url, minutes }: { name?: string | null; url: string; minutes: number }): MailContent {
  return render({
    subject: `Sign-in to your ${PRODUCT} account is paused`,
    name,
    intro:
      `Someone typed a wrong password for your ${PRODUCT} account too many times, so signing in with a password is paused for ${minutes} minutes. ` +
      `If it was you, or you want to get back in now, open this link to unlock your account, then sign in:`,
    action: { label: "Unlock my account", url },
    after: [
      `The link works once, until the pause ends.`,
      `If it wasn't you, someone may be guessing your password: your account stayed safe. Consider choosing a new password (“Forgot password?” on the sign-in page).`,
    ],
  });
}

/** Sent in the transaction that issues a certificate (server/services/certificates/rule.ts). */
export function certificateIssued({ name, code, overallScore, verificationUrl, certificatesUrl }: { name?: string | null; code: string; overallScore: number; verificationUrl: string; certificatesUrl: string }): MailContent {
  return render({
    subject: `You earned your ${PRODUCT} certificate`,
    name,
    intro: `Congratulations: you met the certificate rule, with an overall score of ${overallScore}. Your certificate ${code} is ready. Anyone can check it on its public page:`,
    action: { label: "View the verification page", url: verificationUrl },
    after: [
      `Download it as a PDF or a signed credential, add it to your LinkedIn profile and copy its link from your certificates page: ${certificatesUrl}`,
      "It is valid for two years. Keep practising: a better result earns you a newer certificate.",
    ],
  });
}

/** Sent to the holder when an admin revokes one of their certificates. */
export function certificateRevoked({ name, code, reason, certificatesUrl }: { name?: string | null; code: string; reason: string; certificatesUrl: string }): MailContent {
  return render({
    subject: `Your ${PRODUCT} certificate ${code} was revoked`,
    name,
    intro: `An administrator revoked your certificate ${code} for this reason: ${reason.replace(/\s+/g, " ").trim()}. Its verification page now shows it as revoked.`,
    action: { label: "See your certificates", url: certificatesUrl },
    after: ["If you think this is a mistake, reply to this email."],
  });
}

/** A name someone else typed (a company's or a candidate's), as one bounded line. */
function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim().slice(0, 120) || "A company";
}

/** Sent to a trainee when a verified company marks interest in them (server/services/company/interest.ts). */
export function companyInterest({ name, companyName, interestsUrl }: { name?: string | null; companyName: string; interestsUrl: string }): MailContent {
  const company = oneLine(companyName);
  return render({
    subject: `${company} is interested in you on ${PRODUCT}`,
    name,
    intro: `${company}, a verified company on ${PRODUCT}, found your profile and marked interest in you. They cannot see your email address or phone number unless you accept.`,
    action: { label: "Accept or decline", url: interestsUrl },
    after: ["If you accept, this company (and only this one) sees your contact details. You can change your answer at any time."],
  });
}

/** Sent to the company user when a trainee accepts their interest. */
export function interestAccepted({ name, candidateName, shortlistUrl }: { name?: string | null; candidateName: string; shortlistUrl: string }): MailContent {
  const candidate = oneLine(candidateName);
  return render({
    subject: `${candidate} accepted your interest on ${PRODUCT}`,
    name,
    intro: `${candidate} accepted your interest and shares their contact details with you. You find them on your shortlist:`,
    action: { label: "Open your shortlist", url: shortlistUrl },
    after: ["The candidate can withdraw this at any time; their details then disappear from your shortlist."],
  });
}

/** Sent to a company in the transaction of a trainee's application to one of its jobs (server/services/jobs/board.ts). */
export function jobApplicationReceived({ companyName, jobTitle, applicantName, applicantsUrl }: { companyName: string; jobTitle: string; applicantName: string | null; applicantsUrl: string }): MailContent {
  const oneLine = (s: string, max: number) => s.replace(/\s+/g, " ").trim().slice(0, max);
  const who = applicantName ? oneLine(applicantName, 80) : "A candidate";
  const title = oneLine(jobTitle, 120);
  return render({
    subject: `New application for “${title}”`,
    name: companyName,
    intro: `${who} applied to your job “${title}” on ${PRODUCT}. Their message, skills, how they match the job and the contact details they chose to share with you are on the applicants page:`,
    action: { label: "See the applicants", url: applicantsUrl },
    after: ["The contact details were shared with your company only, for this application."],
  });
}

/** The last mail to a deleted account's address (account.delete, admin.users.delete). */
export function accountDeleted({ name, by, appUrl }: { name?: string | null; by: "self" | "admin"; appUrl: string }): MailContent {
  return render({
    subject: `Your ${PRODUCT} account was deleted`,
    name,
    intro:
      by === "self"
        ? `As you asked, your ${PRODUCT} account and everything in it — your profile, practice sessions, transcripts, recordings, scores, assessments and certificates — have been deleted.`
        : `An administrator deleted your ${PRODUCT} account. Your profile, practice sessions, transcripts, recordings, scores, assessments and certificates have been deleted with it.`,
    after: [
      "Certificates you shared can no longer be verified, and companies can no longer find you.",
      `This is the last email we send to this address. You are welcome to sign up again at ${appUrl} at any time.`,
    ],
  });
}
