// npm run admin:create -- --email E --password P [--name N] [--level 1|2|3]
// Creates an ACTIVE, verified ADMIN with an AdminProfile, or promotes an existing user
// (its password is replaced only when --password is given). Audited as ROLE_CHANGED.
import { parseArgs } from "node:util";
import { EmailSchema } from "../../shared/schemas/fields.ts";
import { checkPasswordPolicy, hashPassword } from "../auth/password.ts";
import { audit } from "../services/audit.ts";
import { createUser } from "../services/users/create-user.ts";
import { fail, openOperatorDatabase } from "./open-db.ts";

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    password: { type: "string" },
    name: { type: "string" },
    level: { type: "string", default: "3" },
  },
});

const usage = "Usage: npm run admin:create -- --email you@example.com --password 'a long passphrase' [--name 'Your Name'] [--level 1|2|3]";
const email = EmailSchema.safeParse(values.email ?? "");
if (!email.success) fail(`${email.error.issues[0]?.message ?? "Invalid email"}\n${usage}`);
const level = Number(values.level);
if (![1, 2, 3].includes(level)) fail(`--level must be 1, 2 or 3\n${usage}`);
if (values.password) {
  const problem = checkPasswordPolicy(values.password, [email.data, values.name ?? ""]);
  if (problem) fail(`Password refused: ${problem.message}`);
}

const db = await openOperatorDatabase();
try {
  const meta = { ipAddress: null, userAgent: "cli:admin:create" };
  const existing = await db.prisma.user.findUnique({ where: { email: email.data }, select: { id: true, role: true } });
  if (!existing && !values.password) fail(`No user ${email.data} yet: give --password to create one.\n${usage}`);
  const passwordHash = values.password ? await hashPassword(values.password) : undefined;
  const result = await db.prisma.$transaction(async (tx) => {
    if (!existing) {
      const u = await createUser(tx, { email: email.data, passwordHash: passwordHash!, name: values.name ?? "Administrator", role: "ADMIN", adminAccessLevel: level });
      await audit(tx, { action: "ROLE_CHANGED", userId: null, targetUserId: u.id, details: { from: null, to: "ADMIN", accessLevel: level, via: "cli", created: true }, meta });
      return { id: u.id, created: true };
    }
    await tx.user.update({
      where: { id: existing.id },
      data: {
        role: "ADMIN",
        status: "ACTIVE",
        emailVerified: new Date(),
        failedLoginAttempts: 0,
        lockedUntil: null,
        ...(passwordHash ? { password: passwordHash } : {}),
        adminProfile: { upsert: { create: { accessLevel: level }, update: { accessLevel: level } } },
        ...(values.name ? { profile: { upsert: { create: { name: values.name }, update: { name: values.name } } } } : {}),
      },
      select: { id: true },
    });
    await audit(tx, { action: "ROLE_CHANGED", userId: null, targetUserId: existing.id, details: { from: existing.role, to: "ADMIN", accessLevel: level, via: "cli" }, meta });
    return { id: existing.id, created: false };
  });
  console.log(`${result.created ? "Created" : "Promoted"} admin ${email.data} (access level ${level}).`);
} finally {
  await db.close();
}
