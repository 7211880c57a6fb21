// A real OpenID Connect provider (oidc-provider 9, via tests/helpers/oidc-provider.ts) for the
// browser tests, on 127.0.0.1 and a free port. Started by tests/e2e/run.mjs before the app
// server, which is then configured with its issuer (OIDC_ISSUER etc.).
//
//   E2E_OIDC_REDIRECT_URI   our callback, `${APP_URL}/auth/oauth/oidc/callback` (required)
//
// Prints one line `OIDC_READY {"issuer":…,"clientId":…,"clientSecret":…}` once it listens,
// and stops on SIGTERM / SIGINT. Any login name is accepted at its development login form;
// its claims come from oidcClaimsFor() (tests/e2e/oidc-accounts.ts).
import { startOidcProvider, type TestOidcAccount } from "../helpers/oidc-provider.ts";
import { oidcClaimsFor } from "./oidc-accounts.ts";

const redirectUri = process.env.E2E_OIDC_REDIRECT_URI;
if (!redirectUri) {
  console.error("oidc-server: set E2E_OIDC_REDIRECT_URI to the app's callback URL");
  process.exit(1);
}

const op = await startOidcProvider({ redirectUri });
// The helper looks claims up in `accounts` by login name; answer for every name, so each test
// can sign in as a new identity without talking to this process.
const known = op.accounts;
const get = known.get.bind(known);
known.get = (login: string): TestOidcAccount | undefined => get(login) ?? oidcClaimsFor(login);

console.log(`OIDC_READY ${JSON.stringify({ issuer: op.issuer, clientId: op.clientId, clientSecret: op.clientSecret })}`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  op.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
