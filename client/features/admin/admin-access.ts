// What the signed-in admin may do. The access table in shared/access.ts names, for every
// procedure, the admin level it needs; the UI offers only what the server would allow (the
// server checks again on every call).
// The level comes from `auth.me.adminLevel`. Should that be missing (null for an admin,
// e.g. an older server), it is read from the admin's own record (`admin.users.get`, which
// every admin level may call) and cached.
import { useQuery } from "@tanstack/react-query";
import { canCall, type Caller, type ProcedurePath } from "../../../shared/access.ts";
import { useCurrentUser } from "../../lib/auth.ts";
import { trpc } from "../../lib/trpc.ts";

export type AdminAccess = {
  /** 1 view + verify, 2 + suspend / reactivate / sign out / reset, 3 + role / delete; null while unknown. */
  level: number | null;
  /** Whether a procedure may be called; false while the level is still loading. */
  can: (path: ProcedurePath) => boolean;
  isPending: boolean;
};

export function useAdminAccess(): AdminAccess {
  const me = useCurrentUser();
  const fromMe = typeof me.adminLevel === "number" ? me.adminLevel : null;
  const needsLookup = me.role === "ADMIN" && fromMe === null;
  const own = useQuery({
    ...trpc.admin.users.get.queryOptions({ userId: me.id }),
    enabled: needsLookup,
    // The level changes rarely; the server checks it on every call anyway.
    staleTime: 5 * 60_000,
    select: (u) => u.adminProfile?.accessLevel ?? null,
  });
  const level = fromMe ?? own.data ?? null;
  const caller: Caller = { role: me.role, adminLevel: level };
  return { level, can: (path) => canCall(path, caller), isPending: needsLookup && own.isPending };
}
