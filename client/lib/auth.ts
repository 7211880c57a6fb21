// Who is signed in, and the session transitions (sign in, sign out) that must reset what
// the browser has cached about the previous person.
import { createContext, useContext } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { notifications } from "@mantine/notifications";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "../../server/routers/app.ts";
import { paths } from "./paths.ts";
import { writeRoleHint } from "./role-hint.ts";
import { errorMessage, queryClient, trpc } from "./trpc.ts";

export type Me = NonNullable<inferRouterOutputs<AppRouter>["auth"]["me"]>;
export type Role = Me["role"];

export const ROLE_LABELS: Record<Role, string> = {
  TRAINEE: "Trainee",
  INSTRUCTOR: "Instructor",
  COMPANY: "Company",
  ADMIN: "Admin",
};

/** The signed-in person (null when signed out). Guards and the header share this query. */
export function useMe() {
  return useQuery({ ...trpc.auth.me.queryOptions(), staleTime: 60_000 });
}

export function needsEmailVerification(me: Me): boolean {
  return me.emailVerified === null || me.status === "PENDING_VERIFICATION";
}

export function isAccountBlocked(me: Me): boolean {
  return me.status === "SUSPENDED" || me.status === "DEACTIVATED";
}

export function displayName(me: Pick<Me, "name" | "email">): string {
  return me.name?.trim() || me.email;
}

const isMeQuery = (queryKey: readonly unknown[]) =>
  JSON.stringify(queryKey) === JSON.stringify(trpc.auth.me.queryKey());

/**
 * After the session changed (signed in, signed out, password reset): forget everything
 * cached about the previous person, then load `auth.me` again before anyone reads it.
 */
export async function resetSessionCache(): Promise<Me | null> {
  queryClient.removeQueries({ predicate: (q) => !isMeQuery(q.queryKey) });
  // An `auth.me` already in flight was sent with the old cookie (e.g. the page's own load,
  // racing the mutation that replaced the session): fetchQuery would reuse its answer, so
  // it is cancelled and asked again with the new cookie.
  await queryClient.cancelQueries({ queryKey: trpc.auth.me.queryKey() });
  return queryClient.fetchQuery({ ...trpc.auth.me.queryOptions(), staleTime: 0 });
}

/**
 * Loads the sign-in page afresh after this browser's session ended (signed out, session
 * revoked): a full page load drops everything the previous person had in memory (cached
 * queries, form state) and avoids the guards racing the navigation. `next` is where to
 * return after signing in again.
 */
export function goToSignInAfterSignOut(next?: string): void {
  writeRoleHint(null); // nobody's frame on the next page load (role-hint.ts)
  const params = new URLSearchParams({ [SIGNED_OUT_PARAM]: "1" });
  if (next) params.set("next", next);
  window.location.replace(`${paths.signIn}?${params.toString()}`);
}

/**
 * Signs out here, then loads the sign-in page afresh (see goToSignInAfterSignOut), with
 * `next` when the person is expected to sign in again and come back. Failures show a
 * notification.
 */
export function useSignOut({ next }: { next?: string } = {}) {
  const mutation = useMutation({
    ...trpc.auth.signOut.mutationOptions(),
    onSuccess: () => goToSignInAfterSignOut(next),
    onError: (error) => {
      notifications.show({ color: "red", title: "Could not sign out", message: errorMessage(error) });
    },
  });
  return { signOut: () => mutation.mutate(), pending: mutation.isPending || mutation.isSuccess };
}

/** Set on /sign-in after a sign-out, so the page can confirm it. */
export const SIGNED_OUT_PARAM = "signed-out";

/** Provided by the route guard around signed-in pages, which renders them only with a user. */
export const CurrentUserContext = createContext<Me | null>(null);

/** The signed-in, verified person on a page inside the signed-in guard. */
export function useCurrentUser(): Me {
  const me = useContext(CurrentUserContext);
  if (!me) throw new Error("useCurrentUser() is only available on pages inside the signed-in route guard");
  return me;
}
