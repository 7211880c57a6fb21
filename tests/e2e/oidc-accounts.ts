// Who each login name is at the browser tests' OpenID Connect provider (tests/e2e/oidc-server.ts).
// Any login name works at its development login form; the claims follow from the name, so a
// test can pick a fresh login and know what HireXp will be told.

/** The label HireXp shows on its button (OIDC_NAME of the e2e server). */
export const E2E_OIDC_NAME = "Acme SSO";

export type E2eOidcClaims = { email: string; email_verified: boolean; name: string };

/** "jordan-k3x9" → jordan-k3x9@acme.example.com, verified, named "Jordan Acme". */
export function oidcClaimsFor(login: string): E2eOidcClaims {
  const first = login.split("-")[0] ?? login;
  return {
    email: `${login.toLowerCase()}@acme.example.com`,
    email_verified: true,
    name: `${first.charAt(0).toUpperCase()}${first.slice(1)} Acme`,
  };
}
