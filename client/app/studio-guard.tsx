// The studio's route guard, inside RequireVerifiedUser: instructors and admins write content
// (the server checks every call too); anyone else sees a "not allowed" page.
import { Outlet } from "react-router";
import { useCurrentUser } from "../lib/auth.ts";
import { NotAllowedPage } from "./not-allowed-page.tsx";

export function RequireStudio() {
  const me = useCurrentUser();
  if (me.role !== "INSTRUCTOR" && me.role !== "ADMIN") return <NotAllowedPage who="instructors" />;
  return <Outlet />;
}
