// Route guards, inside RequireVerifiedUser (so there is a signed-in, active, verified person):
// a page is shown to whoever may call the procedure it is built on, by the same access table
// the server enforces (shared/access.ts); anyone else sees the 403 "not allowed" page rather
// than the page's own error once its first query is refused. The server checks every call anyway.
import { Outlet } from "react-router";
import { canCall, type ProcedurePath } from "../../shared/access.ts";
import { useCurrentUser } from "../lib/auth.ts";
import { NotAllowedPage } from "./not-allowed-page.tsx";

export function RequireAccess({ procedure, who }: { procedure: ProcedurePath; who: string }) {
  const me = useCurrentUser();
  if (!canCall(procedure, { role: me.role, adminLevel: me.adminLevel })) return <NotAllowedPage who={who} />;
  return <Outlet />;
}

/** The admin console: role ADMIN (any level; each action also checks the admin's level). */
export const RequireAdmin = () => <RequireAccess procedure="admin.users.list" who="administrators" />;

/** The studio: instructors and admins write content. */
export const RequireStudio = () => <RequireAccess procedure="content.mine" who="instructors" />;

/** A trainee's practice sessions (chats, calls, reports, history) and assessment attempts. */
export const RequirePractice = () => <RequireAccess procedure="practice.sessions.list" who="trainees" />;

/** A trainee's own certificates. */
export const RequireCertificates = () => <RequireAccess procedure="certificates.mine" who="trainees" />;

/** A trainee's candidate settings (whether companies may find them). */
export const RequireCandidateSettings = () => <RequireAccess procedure="candidate.settings.get" who="trainees" />;

/** A trainee as a candidate: companies' interest in them and who viewed their profile. */
export const RequireCandidate = () => <RequireAccess procedure="candidate.interests.list" who="trainees" />;
