// Certificates (issue 10): certificates.mine for the trainee (own rows only) and
// certificates.verify — public, no sign-in, rate-limited per IP — for anyone holding a code.
// Revocation is admin.certificates.revoke (server/routers/admin.ts).
import { RATE_RULES } from "../auth/rate-limit.ts";
import { listMyCertificates, verifyCertificate } from "../services/certificates/certificates.ts";
import { createRouter, procedure } from "../trpc/init.ts";
import { limit } from "../trpc/rate-limit.ts";
import { CertificateCodeInput } from "../../shared/schemas/certificates.ts";

export const certificatesRouter = createRouter({
  mine: procedure("certificates.mine").query(({ ctx }) => listMyCertificates(ctx.db, ctx.user.id)),
  verify: procedure("certificates.verify")
    .input(CertificateCodeInput)
    .query(async ({ ctx, input }) => {
      await limit(ctx, RATE_RULES.certificateVerifyIp, ctx.meta.ipAddress ?? "unknown");
      return verifyCertificate(ctx.db, input.code);
    }),
});
