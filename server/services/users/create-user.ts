// Creates a complete account (user, profile and the role's own profile) directly, with no
// mail: used by the demo seed, the operator commands and test factories.
import type { Prisma, PrismaClient } from "../../db/generated/client.ts";
import type { Role } from "../../../shared/access.ts";
import { hashPassword } from "../../auth/password.ts";

export type NewUser = {
  email: string;
  password?: string | null;
  name?: string;
  role?: Role;
  status?: "ACTIVE" | "SUSPENDED" | "DEACTIVATED" | "PENDING_VERIFICATION";
  verified?: boolean;
  companyName?: string;
  adminAccessLevel?: number;
  /** Pre-computed hash (tests reuse one to avoid a bcrypt per user). */
  passwordHash?: string;
  profile?: Omit<Prisma.ProfileCreateWithoutUserInput, "name">;
};

export async function createUser(db: PrismaClient | Prisma.TransactionClient, u: NewUser) {
  const role = u.role ?? "TRAINEE";
  const verified = u.verified ?? true;
  const password = u.passwordHash ?? (u.password ? await hashPassword(u.password) : null);
  const now = new Date();
  return db.user.create({
    data: {
      email: u.email,
      password,
      role,
      status: u.status ?? (verified ? "ACTIVE" : "PENDING_VERIFICATION"),
      emailVerified: verified ? now : null,
      // An operator vouches for both: the password counts as chosen by the address's owner.
      passwordProvenAt: verified && password ? now : null,
      profile: { create: { name: u.name ?? u.email.split("@")[0]!, ...(u.profile ?? {}) } },
      ...(role === "TRAINEE" ? { progress: { create: {} } } : {}),
      ...(role === "INSTRUCTOR" ? { instructorProfile: { create: {} } } : {}),
      ...(role === "COMPANY" ? { companyProfile: { create: { companyName: u.companyName ?? `${u.name ?? "Demo"} Ltd` } } } : {}),
      ...(role === "ADMIN" ? { adminProfile: { create: { accessLevel: u.adminAccessLevel ?? 3 } } } : {}),
    },
    select: { id: true, email: true, role: true, status: true },
  });
}
