// The `next` check lives in shared/ so the server's OAuth callback and the client apply
// the same rules.
export { safeRedirectPath, safeNextPath } from "../../shared/safe-redirect.ts";
