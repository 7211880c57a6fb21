import { AdminAuditListInput, AdminDecideInput, AdminSetRoleInput, AdminSuspendInput, AdminUserIdInput, AdminUsersListInput } from "../../shared/schemas/admin.ts";
import { listAudit } from "../services/admin/audit-log.ts";
import { getStatistics, refreshStatistics } from "../services/admin/stats.ts";
import { activateUser, deleteUser, getUser, listUsers, sendPasswordReset, setRole, signOutEverywhere, suspendUser, type AdminActor } from "../services/admin/users.ts";
import { decideVerification, verificationQueue } from "../services/admin/verification.ts";
import { revokeCertificate } from "../services/certificates/certificates.ts";
import { RevokeCertificateInput } from "../../shared/schemas/certificates.ts";
import { recordingKeysOfUser } from "../services/practice/recording.ts";
import { removeStoredFiles } from "../services/account/delete.ts";
import { deletionStores } from "./account.ts";
import { RATE_RULES } from "../auth/rate-limit.ts";
import type { Context } from "../trpc/context.ts";
import { createRouter, procedure } from "../trpc/init.ts";
import { limit } from "../trpc/rate-limit.ts";

const actor = (ctx: Context): AdminActor => ({ userId: ctx.user!.id, meta: ctx.meta });

export const adminRouter = createRouter({
  users: createRouter({
    list: procedure("admin.users.list").input(AdminUsersListInput).query(({ ctx, input }) => listUsers(ctx.db, input)),
    get: procedure("admin.users.get").input(AdminUserIdInput).query(({ ctx, input }) => getUser(ctx.db, input.userId)),
    setRole: procedure("admin.users.setRole").input(AdminSetRoleInput).mutation(({ ctx, input }) => setRole(ctx.db, actor(ctx), input)),
    suspend: procedure("admin.users.suspend").input(AdminSuspendInput).mutation(({ ctx, input }) => suspendUser(ctx.db, actor(ctx), input)),
    activate: procedure("admin.users.activate").input(AdminUserIdInput).mutation(({ ctx, input }) => activateUser(ctx.db, actor(ctx), input)),
    delete: procedure("admin.users.delete")
      .input(AdminUserIdInput)
      .mutation(async ({ ctx, input }) => {
        // Their call sessions go with them (cascade): so do the recordings' files, and their
        // avatar and logo files (every file under their keys, orphans included). A file missed
        // here (e.g. a recording uploaded meanwhile) is an orphan the retention jobs remove.
        const recordings = await recordingKeysOfUser(ctx.db, input.userId);
        try {
          const r = await deleteUser(ctx.db, actor(ctx), input, ctx.config.appUrl);
          await removeStoredFiles(deletionStores(ctx.config.dataDir), input.userId, recordings, ctx.log);
          return r;
        } finally {
          ctx.mailQueued(); // the final mail to the deleted address
        }
      }),
    signOutEverywhere: procedure("admin.users.signOutEverywhere").input(AdminUserIdInput).mutation(({ ctx, input }) => signOutEverywhere(ctx.db, actor(ctx), input)),
    sendPasswordReset: procedure("admin.users.sendPasswordReset")
      .input(AdminUserIdInput)
      .mutation(async ({ ctx, input }) => {
        const r = await sendPasswordReset(ctx.db, actor(ctx), ctx.config.appUrl, input);
        ctx.mailQueued();
        return r;
      }),
  }),
  verification: createRouter({
    list: procedure("admin.verification.list").query(({ ctx }) => verificationQueue(ctx.db)),
    decide: procedure("admin.verification.decide")
      .input(AdminDecideInput)
      .mutation(async ({ ctx, input }) => {
        const r = await decideVerification(ctx.db, actor(ctx), ctx.config.appUrl, input);
        ctx.mailQueued();
        return r;
      }),
  }),
  audit: createRouter({
    list: procedure("admin.audit.list").input(AdminAuditListInput).query(({ ctx, input }) => listAudit(ctx.db, input)),
  }),
  stats: createRouter({
    get: procedure("admin.stats.get").query(({ ctx }) => getStatistics(ctx.db)),
    refresh: procedure("admin.stats.refresh").mutation(async ({ ctx }) => {
      await limit(ctx, RATE_RULES.statsRefreshUser, ctx.user.id);
      return refreshStatistics(ctx.db, { userId: ctx.user.id, meta: ctx.meta });
    }),
  }),
  certificates: createRouter({
    revoke: procedure("admin.certificates.revoke")
      .input(RevokeCertificateInput)
      .mutation(async ({ ctx, input }) => {
        const r = await revokeCertificate(ctx.db, actor(ctx), ctx.config.appUrl, input);
        ctx.mailQueued();
        return r;
      }),
  }),
});
