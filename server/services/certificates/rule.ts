// The certificate rule (issue 10; docs/certificates.md), as the progress service reads it:
// certificateRuleStatus says how far a trainee is from it, issueCertificateIfEarned issues a
// certificate inside the transaction of the activity that completed it. Both are called by
// server/services/progress/activity.ts after lockProgressRow, so issuing is serialised per
// trainee: two activities finishing at once cannot both issue a certificate.
import { randomBytes } from "node:crypto";
import type { Prisma } from "../../db/generated/client.ts";
import { enqueueMail } from "../../mail/outbox.ts";
import * as mails from "../../mail/templates.ts";
import { CERTIFICATE_CODE_ALPHABET, type CertificateSkills } from "../../../shared/schemas/certificates.ts";
import { skillScores } from "../progress/activity.ts";
import { certificateProgressWeights as W, certificateRule as RULE } from "./config.ts";

/** How far a trainee is from the certificate rule: `progress` 0–100 and what is still missing, in words. */
export type CertificateRuleStatus = { met: boolean; progress: number; missing: string[] };

/** A practice session counts when it is COMPLETED and has its evaluation (the evaluation row is the session's result). */
const completedPractice = (userId: string) =>
  ({ userId, OR: [{ chatSession: { status: "COMPLETED" } }, { callSession: { status: "COMPLETED" } }] }) satisfies Prisma.EvaluationWhereInput;

type Facts = {
  sessions: number;
  calls: number;
  /** The newest `averageOver` evaluations, newest first. */
  recent: { overallScore: number; scores: unknown }[];
  /** Best passed score per required assessment type (types without a passed result are absent). */
  passed: Record<string, number>;
};

async function factsOf(tx: Prisma.TransactionClient, userId: string): Promise<Facts> {
  const where = completedPractice(userId);
  const [byType, recent, passed] = await Promise.all([
    tx.evaluation.groupBy({ by: ["sessionType"], where, _count: { _all: true } }),
    tx.evaluation.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: RULE.averageOver, select: { overallScore: true, scores: true } }),
    tx.assessment.groupBy({ by: ["type"], where: { userId, passed: true, type: { in: [...RULE.requiredAssessments] } }, _max: { score: true } }),
  ]);
  const sessions = byType.reduce((n, g) => n + g._count._all, 0);
  const calls = byType.find((g) => g.sessionType === "CALL")?._count._all ?? 0;
  return { sessions, calls, recent, passed: Object.fromEntries(passed.map((p) => [p.type, p._max.score ?? 0])) };
}

const average = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const round1 = (x: number) => Math.round(x * 10) / 10;

function statusOf(f: Facts): CertificateRuleStatus {
  const missing: string[] = [];
  const sessionsShort = Math.max(0, RULE.minSessions - f.sessions);
  if (sessionsShort > 0) missing.push(`${sessionsShort} more practice session${sessionsShort === 1 ? "" : "s"}`);
  const callsShort = Math.max(0, RULE.minCalls - f.calls);
  if (callsShort > 0) missing.push(RULE.minCalls === 1 ? "a call practice" : `${callsShort} more call practice${callsShort === 1 ? "" : "s"}`);
  const avg = average(f.recent.map((e) => e.overallScore));
  if (f.recent.length > 0 && avg < RULE.minAverage) {
    // Rounded down, so a 69.6 never reads "70; 70 needed".
    const n = f.recent.length;
    missing.push(`average of your last ${n === 1 ? "session" : `${n} sessions`} is ${Math.floor(avg)}; ${RULE.minAverage} needed`);
  }
  for (const type of RULE.requiredAssessments) if (!(type in f.passed)) missing.push(`a passed ${type} assessment`);
  const met = missing.length === 0;

  const share = (have: number, need: number) => (need <= 0 ? 1 : Math.min(1, have / need));
  const passedCount = RULE.requiredAssessments.filter((t) => t in f.passed).length;
  const raw =
    W.sessions * share(f.sessions, RULE.minSessions) +
    W.call * share(f.calls, RULE.minCalls) +
    W.average * (f.recent.length === 0 ? 0 : share(avg, RULE.minAverage)) +
    W.assessments * share(passedCount, RULE.requiredAssessments.length);
  // 100 means "met", never a rounding of "almost".
  const progress = met ? 100 : Math.min(99, Math.floor(raw));
  return { met, progress, missing };
}

export async function certificateRuleStatus(tx: Prisma.TransactionClient, userId: string): Promise<CertificateRuleStatus> {
  return statusOf(await factsOf(tx, userId));
}

/** A new certificate code: `HXP-` and 12 symbols of a 32-symbol alphabet from the CSPRNG (60 bits). */
export function generateCertificateCode(): string {
  const bytes = randomBytes(12);
  // 256 is a multiple of 32: the low five bits of a random byte are uniform.
  const s = Array.from(bytes, (b) => CERTIFICATE_CODE_ALPHABET[b & 31]).join("");
  return `HXP-${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
}

/** What a certificate would record for these facts: per-skill averages over the evaluations used and the assessment scores. */
function certificateContent(f: Facts): { skills: CertificateSkills; overallScore: number } {
  const sums: Record<string, { sum: number; n: number }> = {};
  for (const e of f.recent) {
    for (const [skill, score] of Object.entries(skillScores(e.scores))) {
      const s = (sums[skill] ??= { sum: 0, n: 0 });
      s.sum += score;
      s.n += 1;
    }
  }
  const practice = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, round1(v.sum / v.n)]));
  const assessments = Object.fromEntries(RULE.requiredAssessments.map((t) => [t, round1(f.passed[t] ?? 0)]));
  return { skills: { practice, assessments }, overallScore: round1(average(f.recent.map((e) => e.overallScore))) };
}

export function addYears(d: Date, years: number): Date {
  const out = new Date(d);
  out.setUTCFullYear(out.getUTCFullYear() + years);
  // 29 February + 2 years rolls over to 1 March (setUTCFullYear does that), which is fine.
  return out;
}

/**
 * Issues a certificate when the rule is met and the trainee has no unexpired certificate yet,
 * or the new overallScore exceeds the newest unexpired one's (a trainee who improves gets a
 * newer certificate; older ones stay valid). A revoked certificate counts here too, so
 * revoking one is not undone by the trainee's next activity with the same results. The caller
 * holds lockProgressRow. Returns the new code or null.
 */
export async function issueCertificateIfEarned(tx: Prisma.TransactionClient, userId: string, ctx: { appUrl: string; now?: Date }): Promise<{ code: string } | null> {
  const facts = await factsOf(tx, userId);
  if (!statusOf(facts).met) return null;
  const now = ctx.now ?? new Date();
  const { skills, overallScore } = certificateContent(facts);
  const newest = await tx.certificate.findFirst({
    where: { userId, OR: [{ validUntil: null }, { validUntil: { gt: now } }] },
    orderBy: [{ issuedAt: "desc" }, { id: "desc" }],
    select: { overallScore: true },
  });
  if (newest && overallScore <= newest.overallScore) return null;

  let code = generateCertificateCode();
  // 60 random bits: a clash is practically impossible, but a unique-key error would abort the
  // activity's transaction, so look first.
  while (await tx.certificate.findUnique({ where: { certificateCode: code }, select: { id: true } })) code = generateCertificateCode();
  const verificationUrl = `${ctx.appUrl.replace(/\/+$/, "")}/verify/${code}`;
  const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, profile: { select: { name: true } } } });
  await tx.certificate.create({
    data: { userId, certificateCode: code, issuedAt: now, validUntil: addYears(now, RULE.validityYears), skills, overallScore, verificationUrl },
    select: { id: true },
  });
  await enqueueMail(tx, {
    to: user.email,
    kind: "certificate-issued",
    ...mails.certificateIssued({ name: user.profile?.name ?? null, code, overallScore, verificationUrl, certificatesUrl: `${ctx.appUrl.replace(/\/+$/, "")}/certificates` }),
  });
  return { code };
}
