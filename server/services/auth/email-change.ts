// Changing the sign-in email: nothing changes until the link sent to the new address is
// opened (24 h, single use, bound to this user and this new address). The old address is
// told at once; on confirmation the other sessions end.
import { invalidateUserSessions } from "../../auth/session.ts";
import { AppError } from "../errors.ts";
import { generateToken, hashToken, VERIFICATION_TOKEN_TTL_MS } from "../../auth/tokens.ts";
import { enqueueMail } from "../../mail/outbox.ts";
import * as mails from "../../mail/templates.ts";
import { audit } from "../audit.ts";
import type { AuthDeps } from "./deps.ts";
import { confirmIdentity } from "./reauth.ts";
import { mayMailAccountExists } from "./sign-up.ts";

const INVALID = "This email change link is invalid, used or expired. Ask for a new one from your security settings.";

function mask(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 1)}${"*".repeat(Math.max(1, local.length - 1))}@${domain}`;
}

export async function requestEmailChange(
  deps: AuthDeps,
  actor: { userId: string; sessionCreatedAt: Date },
  input: { newEmail: string; password?: string | undefined },
): Promise<{ sentTo: string }> {
  await confirmIdentity(deps.db, actor, input.password);
  const user = await deps.db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { id: true, email: true, profile: { select: { name: true } } } });
  if (input.newEmail === user.email) {
    throw new AppError("invalid", "SAME_EMAIL", "That is already your email address.", { field: "newEmail" });
  }
  const taken = await deps.db.user.findUnique({ where: { email: input.newEmail }, select: { id: true } });
  // The taken address's owner hears of it at most once an hour (as for sign-ups).
  const tellOwner = taken ? await mayMailAccountExists(deps.db, input.newEmail) : false;
  const token = generateToken();
  await deps.db.$transaction(async (tx) => {
    // Only the newest request's link works.
    await tx.verificationToken.deleteMany({ where: { userId: user.id, purpose: "EMAIL_CHANGE" } });
    if (taken) {
      // Same answer as a free address; the new address's owner is told instead.
      if (tellOwner) await enqueueMail(tx, { to: input.newEmail, kind: "account-exists", ...mails.accountExists({ appUrl: deps.config.appUrl }) });
    } else {
      await tx.verificationToken.create({
        data: { email: input.newEmail, token: hashToken(token), expires: new Date(Date.now() + VERIFICATION_TOKEN_TTL_MS), userId: user.id, purpose: "EMAIL_CHANGE" },
        select: { id: true },
      });
      const url = `${deps.config.appUrl}/confirm-email-change?token=${token}`;
      await enqueueMail(tx, { to: input.newEmail, kind: "email-change-confirm", ...mails.emailChangeConfirm({ name: user.profile?.name ?? null, url }) });
    }
    await enqueueMail(tx, {
      to: user.email,
      kind: "email-change-notice",
      ...mails.emailChangeNotice({ name: user.profile?.name ?? null, newEmailMasked: mask(input.newEmail), appUrl: deps.config.appUrl }),
    });
    await audit(tx, { action: "EMAIL_CHANGE_REQUESTED", userId: user.id, details: { to: input.newEmail }, meta: deps.meta });
  });
  return { sentTo: input.newEmail };
}

export async function confirmEmailChange(
  deps: AuthDeps,
  token: string,
  current: { userId: string; sessionId: string } | null,
): Promise<{ email: string; otherSessionsEnded: number }> {
  const tokenHash = hashToken(token);
  try {
    return await deps.db.$transaction(async (tx) => {
      const row = await tx.verificationToken.findUnique({ where: { token: tokenHash }, select: { id: true, email: true, userId: true, expires: true, purpose: true } });
      if (!row || row.purpose !== "EMAIL_CHANGE" || !row.userId || row.expires.getTime() <= Date.now()) throw new AppError("invalid", "INVALID_TOKEN", INVALID);
      const claimed = await tx.verificationToken.deleteMany({ where: { id: row.id } });
      if (claimed.count !== 1) throw new AppError("invalid", "INVALID_TOKEN", INVALID);
      const user = await tx.user.findUnique({ where: { id: row.userId }, select: { id: true, email: true, status: true } });
      if (!user || user.status === "SUSPENDED" || user.status === "DEACTIVATED") throw new AppError("invalid", "INVALID_TOKEN", INVALID);
      await tx.user.update({ where: { id: user.id }, data: { email: row.email, emailVerified: new Date() }, select: { id: true } });
      const keep = current && current.userId === user.id ? current.sessionId : undefined;
      const ended = await invalidateUserSessions(tx, user.id, keep);
      await audit(tx, { action: "EMAIL_CHANGED", userId: user.id, details: { from: user.email, to: row.email, otherSessionsEnded: ended }, meta: deps.meta });
      return { email: row.email, otherSessionsEnded: ended };
    });
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") {
      throw new AppError("conflict", "EMAIL_TAKEN", "That address now belongs to another account, so your email was not changed.");
    }
    throw e;
  }
}
