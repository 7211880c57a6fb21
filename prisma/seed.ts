// npm run seed — demo data for all four roles, for development and demos. Idempotent:
// accounts that exist are left as they are. Never run automatically; refused in
// production unless --allow-production is given.
import { hashPassword } from "../server/auth/password.ts";
import { loadConfig } from "../server/config.ts";
import { openOperatorDatabase } from "../server/cli/open-db.ts";
import { ensureCandidateStats } from "../server/services/candidates/stats.ts";
import { createUser, type NewUser } from "../server/services/users/create-user.ts";

export const DEMO_PASSWORD = "practice makes progress";

export const DEMO_USERS: NewUser[] = [
  { email: "admin@demo.hirexp.test", name: "Alex Admin", role: "ADMIN", adminAccessLevel: 3 },
  { email: "instructor@demo.hirexp.test", name: "Irene Instructor", role: "INSTRUCTOR" },
  { email: "company@demo.hirexp.test", name: "Carl Company", role: "COMPANY", companyName: "Northwind Hiring" },
  {
    email: "trainee@demo.hirexp.test",
    name: "Tara Trainee",
    role: "TRAINEE",
    profile: { bio: "Customer support agent practising escalation calls.", languages: ["en", "es"], skills: ["customer service", "negotiation"], location: "Madrid", timezone: "Europe/Madrid" },
  },
  {
    email: "sam@demo.hirexp.test",
    name: "Sam Trainee",
    role: "TRAINEE",
    profile: { bio: "Recent graduate preparing for interviews.", languages: ["en"], skills: ["presentations", "teamwork"], location: "Leeds", timezone: "Europe/London" },
  },
  { email: "new@demo.hirexp.test", name: "Nina Unverified", role: "TRAINEE", verified: false },
];

/** The demo company's open jobs (the job board's first content). */
const DEMO_JOBS = [
  {
    title: "Customer support specialist",
    description: "Answer our clients by chat and phone, calm down escalations and write clear follow-ups. Training included.",
    requirements: ["One year in a customer-facing role", "Comfortable on the phone"],
    requiredSkills: ["customer service", "negotiation", "English"],
    experienceLevel: "junior",
    location: "Madrid (hybrid)",
    salary: "€26k–€30k",
  },
  {
    title: "Graduate recruiter",
    description: "Run first interviews with candidates, present roles to them and keep hiring managers informed.",
    requirements: ["A degree, or equivalent experience"],
    requiredSkills: ["presentations", "teamwork"],
    experienceLevel: "entry",
    location: "Leeds",
    salary: null,
  },
];

/** A plain-text table: a header, a rule, one line per row, columns padded to their widest cell. */
function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join("  ")}`.trimEnd();
  return ["Demo accounts:", "", line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

if (process.env.NODE_ENV === "production" && !process.argv.includes("--allow-production")) {
  console.error("Refusing to seed demo accounts in production (pass --allow-production if you really mean it).");
  process.exit(1);
}

const db = await openOperatorDatabase();
try {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const rows: string[][] = [];
  for (const u of DEMO_USERS) {
    const exists = await db.prisma.user.findUnique({ where: { email: u.email }, select: { id: true } });
    if (!exists) {
      await db.prisma.$transaction(async (tx) => {
        const created = await createUser(tx, { ...u, passwordHash });
        if (u.role === "INSTRUCTOR") await tx.instructorProfile.update({ where: { userId: created.id }, data: { isVerified: true, verifiedAt: new Date(), specializations: ["interviews", "customer calls"], yearsOfExperience: 8 } });
        if (u.role === "COMPANY") await tx.companyProfile.update({ where: { userId: created.id }, data: { isVerified: true, verifiedAt: new Date(), industry: "Recruitment", country: "UK" } });
        // Tara has opted in to being found by companies (Sam has not): the demo company finds her.
        if (u.email === "trainee@demo.hirexp.test") await tx.profile.update({ where: { userId: created.id }, data: { discoverable: true, headline: "Customer support agent, calm on escalation calls", openTo: ["full-time"] } });
        if (u.email === "trainee@demo.hirexp.test") await ensureCandidateStats(tx, created.id);
        if (u.role === "COMPANY") {
          const company = await tx.companyProfile.findUniqueOrThrow({ where: { userId: created.id }, select: { id: true } });
          await tx.jobPosting.createMany({ data: DEMO_JOBS.map((j) => ({ ...j, companyId: company.id })) });
        }
      });
    }
    const role = u.role === "ADMIN" ? `ADMIN (level ${u.adminAccessLevel ?? 1})` : (u.role ?? "TRAINEE");
    const notes = [u.verified === false ? "email not verified" : "", exists ? "already there: password left as it was" : ""].filter(Boolean).join("; ");
    rows.push([role, u.email, DEMO_PASSWORD, notes]);
  }
  console.log(formatTable(["Role", "Email", "Password", "Note"], rows));
  console.log(`\nSign in at ${loadConfig().appUrl}/sign-in`);
} finally {
  await db.close();
}
