// "Delete my account" (account.delete) and the admin's deletion (admin.users.delete) end the
// same way: the user row goes, and with it everything they own (the schema's ON DELETE
// CASCADE: profile, role profile, sign-in methods, sessions, practice sessions with their
// messages and transcripts, evaluations, assessments, progress, certificates, views,
// applications, content they wrote…). Audit rows stay, without the person: their user ids are
// set to NULL by the foreign keys (the append-only trigger allows exactly that change, see
// docs/decisions/005 and 018). A final mail goes to the address in the same transaction
// (outbox), and the files kept outside the database (call recordings, avatar and logo) are
// removed from storage once the rows are gone.
import type { Prisma } from "../../db/generated/client.ts";
import * as mails from "../../mail/templates.ts";
import { enqueueMail } from "../../mail/outbox.ts";
import type { Storage } from "../../storage/storage.ts";
import { assertNotLastAdmin, lockAdmins } from "../admin/users.ts";
import { audit } from "../audit.ts";
import type { AuthDeps } from "../auth/deps.ts";
import { confirmIdentity } from "../auth/reauth.ts";
import { deleteUserImages } from "../images/images.ts";
import { deleteRecordings, recordingKeysOfUser } from "../practice/recording.ts";

export type DeletionStores = { recordings: Storage; images: Storage };
type Logger = { warn(obj: object, msg?: string): void };

/** In the deleting transaction: queues the final mail to the user's address. */
export async function queueDeletionMail(tx: Prisma.TransactionClient, to: { email: string; name: string | null }, by: "self" | "admin", appUrl: string) {
  await enqueueMail(tx, { to: to.email, ...mails.accountDeleted({ name: to.name, by, appUrl }), kind: "account-deleted" });
}

/**
 * After the user's rows are gone: their recordings (keys gathered before the delete) and
 * pictures. A failure is logged, not thrown: the rows are deleted either way, and the
 * retention job and the image orphan sweep remove what is left.
 */
export async function removeStoredFiles(stores: DeletionStores, userId: string, recordingKeys: readonly string[], log: Logger) {
  const removed = { recordings: 0, images: 0 };
  try {
    removed.recordings = await deleteRecordings(stores.recordings, recordingKeys);
  } catch (err) {
    log.warn({ err }, "could not delete a deleted user's recordings; the retention job will");
  }
  try {
    removed.images = await deleteUserImages(stores.images, userId);
  } catch (err) {
    log.warn({ err }, "could not delete a deleted user's pictures; the orphan sweep will");
  }
  return removed;
}

/**
 * The signed-in user deletes their own account: their password (or, for an account without
 * one, a sign-in in the last 15 minutes — the rules of services/auth/reauth.ts), then one
 * transaction: the audit row (USER_DELETED, by self: no email or name kept in it), the final
 * mail, the delete. The last active admin cannot delete themselves.
 */
export async function deleteOwnAccount(
  deps: AuthDeps,
  stores: DeletionStores,
  log: Logger,
  actor: { userId: string; sessionCreatedAt: Date },
  input: { password?: string | undefined },
): Promise<{ deleted: true; removedFiles: { recordings: number; images: number } }> {
  await confirmIdentity(deps, actor, input.password);
  const recordingKeys = await recordingKeysOfUser(deps.db, actor.userId);
  await deps.db.$transaction(async (tx) => {
    const u = await tx.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { id: true, email: true, role: true, profile: { select: { name: true } } } });
    if (u.role === "ADMIN") {
      await lockAdmins(tx);
      await assertNotLastAdmin(tx, u.id, "deleted");
    }
    await audit(tx, { action: "USER_DELETED", userId: u.id, details: { by: "self", role: u.role }, meta: deps.meta });
    await queueDeletionMail(tx, { email: u.email, name: u.profile?.name ?? null }, "self", deps.config.appUrl);
    await tx.user.delete({ where: { id: u.id }, select: { id: true } });
  });
  // A recording uploaded between the key read and the delete has no session any more: the
  // retention job's orphan sweep removes it.
  return { deleted: true, removedFiles: await removeStoredFiles(stores, actor.userId, recordingKeys, log) };
}


