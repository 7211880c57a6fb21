// Every route path of the SPA, in one place. Pages and the router import from here, so a
// path is written once. (It lives in lib/ rather than app/ because features link to each
// other's pages, and features must not import from app/.)

export const paths = {
  home: "/",
  signUp: "/sign-up",
  signIn: "/sign-in",
  verifyEmail: "/verify-email",
  verifyEmailRequired: "/verify-email-required",
  forgotPassword: "/forgot-password",
  resetPassword: "/reset-password",
  dashboard: "/dashboard",
  settingsProfile: "/settings/profile",
  settingsSecurity: "/settings/security",
  devOutbox: "/dev/outbox",
} as const;

export type AppPath = (typeof paths)[keyof typeof paths];

/** `/sign-in?next=…` for a page the visitor should come back to after signing in. */
export function signInWithNext(next: string): string {
  return `${paths.signIn}?${new URLSearchParams({ next }).toString()}`;
}
