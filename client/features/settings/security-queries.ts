// The queries the security page's sections share, typed by the contract of the procedures
// (the `select` checks the server's answer against it at compile time).
import { useQuery } from "@tanstack/react-query";
import type { SignInMethods } from "../../lib/oauth.ts";
import { queryClient, trpc } from "../../lib/trpc.ts";

/** `auth.accounts.list`: whether the account has a password, and its linked providers. */
export function useSignInMethods() {
  return useQuery({ ...trpc.auth.accounts.list.queryOptions(), select: (d): SignInMethods => d });
}

/** After a change: reload what it may have changed (devices, methods, the activity list). */
export function refreshSecurityData(): void {
  void queryClient.invalidateQueries({ queryKey: trpc.auth.sessions.list.queryKey() });
  void queryClient.invalidateQueries({ queryKey: trpc.auth.accounts.list.queryKey() });
  void queryClient.invalidateQueries({ queryKey: trpc.auth.securityEvents.pathKey() });
}
