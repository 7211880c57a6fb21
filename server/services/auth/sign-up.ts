import { enqueueMail } from "../../mail/outbox.ts";
import { AppError } from "../errors.ts";
import * as mails from "../../mail/templates.ts";
import { checkPasswordPolicy, hashPassword } from "../../auth/password.ts";
import { generateToken, hashToken, VERIFICATION_TOKEN_TTL_MS } from "../../auth/tokens.ts";
import { audit } from "../audit.ts";
import { hit, RATE_RULES } from "../../auth/rate-limit.ts";
import type { Prisma, PrismaClient } from "../../db/generated/client.ts";
import type { AuthDeps } from "./deps.ts";

export type SignUpValues = {
  email: string;
  password: string;
  name: string;
  role: "TRAINEE" | "INSTRUCTOR" | "COMPANY";
  companyName?: string | undefined;
};

/** Issues a verification token for `email` inside `tx` and queues its mail. */
export async function issueVerification(
  tx: Prisma.TransactionClient,
  appUrl: string,
  user: { id: string; email: string; name: string | null },
): Promise<void> {
  const token = generateToken();
  await tx.verificationToken.create({
    data: { email: user.email, token: hashToken(token), expires: new Date(Date.now() + VERIFICATION_TOKEN_TTL_MS), userId: user.id },
    select: { id: true },
  });
  const url = `${appUrl}/verify-email?token=${token}`;
  await enqueueMail(tx, { to: user.email, kind: "verify-email", ...mails.verifyEmail({ name: user.name, url }) });
}

/**
 * Whether to send the "someone tried to sign up with your address" notice to `email` now:
 * at most one per address per hour (RATE_RULES.accountExistsMail, one atomic upsert, so 25
 * parallel attempts let exactly one through). The caller's answer never depends on it.
 */
export async function mayMailAccountExists(db: PrismaClient, email: string): Promise<boolean> {
  return (await hit(db, RATE_RULES.accountExistsMail, email)).ok;
}

/**
 * Creates the account and queues the verification mail. An email that is taken gets the
 * same answer (and a notice mail to its owner instead), so sign-up reveals nothing.
 */
export async function signUp(deps: AuthDeps, input: SignUpValues): Promise<{ email: string }> {
  const problem = checkPasswordPolicy(input.password, [input.email, input.name]);
  if (problem) throw new AppError("invalid", "WEAK_PASSWORD", problem.message, { field: "password" });
  // Hash before looking up so both paths cost the same bcrypt time.
  const passwordHash = await hashPassword(input.password);
  const existing = await deps.db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) {
    if (await mayMailAccountExists(deps.db, input.email)) {
      await enqueueMail(deps.db, { to: input.email, kind: "account-exists", ...mails.accountExists({ appUrl: deps.config.appUrl }) });
    }
    return { email: input.email };
  }
  try {
    await deps.db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          email: input.email,
          password: passwordHash,
          role: input.role,
          status: "PENDING_VERIFICATION",
          profile: { create: { name: input.name } },
          ...(input.role === "TRAINEE" ? { progress: { create: {} } } : {}),
          ...(input.role === "INSTRUCTOR" ? { instructorProfile: { create: {} } } : {}),
          ...(input.role === "COMPANY" ? { companyProfile: { create: { companyName: input.companyName! } } } : {}),
        },
        select: { id: true, email: true },
      });
      await audit(tx, { action: "SIGN_UP", userId: user.id, details: { role: input.role, method: "password" }, meta: deps.meta });
      await issueVerification(tx, deps.config.appUrl, { id: user.id, email: user.email, name: input.name });
    });
  } catch (e) {
    // A parallel sign-up took the email between our lookup and insert: same answer.
    if ((e as { code?: string }).code !== "P2002") throw e;
  }
  return { email: input.email };
}
