// The admin console's route guard, inside RequireVerifiedUser (so there is a signed-in,
// active, verified person): role ADMIN sees the page, anyone else a "not allowed" page.
// What each admin may do within the console depends on their access level, which the
// admin pages check per action (client/features/admin/admin-access.ts).
import { Outlet } from "react-router";
import { useCurrentUser } from "../lib/auth.ts";
import { NotAllowedPage } from "./not-allowed-page.tsx";

export function RequireAdmin() {
  const me = useCurrentUser();
  if (me.role !== "ADMIN") return <NotAllowedPage />;
  return <Outlet />;
}
