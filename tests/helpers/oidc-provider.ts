// A real OpenID Connect provider (panva's oidc-provider 9) on 127.0.0.1 and a free port, for
// the generic-OIDC sign-in tests, and a walk through its development login and consent forms
// with the test browser (tests/helpers/test-browser.ts).
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";
import { TestBrowser } from "./test-browser.ts";

export type TestOidcAccount = {
  email?: string;
  /** As the provider should send it: a boolean, or a string like "false". */
  email_verified?: boolean | string;
  name?: string;
  picture?: string;
};

export type TestOidcProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Claims per login name (the `sub`); set before a login. Unknown logins get only `sub`. */
  accounts: Map<string, TestOidcAccount>;
  close(): Promise<void>;
};

export type StartOidcOptions = {
  /** Our callback URL, registered as the client's only redirect_uri. */
  redirectUri: string;
  /**
   * false (the provider's default, conformant behaviour): with an access token issued, scope
   * claims (email, profile) go to userinfo only and the ID token carries just `sub`.
   * true: they are in the ID token too.
   */
  claimsInIdToken?: boolean;
};

export async function startOidcProvider(opts: StartOidcOptions): Promise<TestOidcProvider> {
  const accounts = new Map<string, TestOidcAccount>();
  const clientId = "hirexp-test";
  const clientSecret = "hirexp-test-secret-0123456789abcdef";
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [opts.redirectUri],
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({ sub, ...accounts.get(sub) }),
    }),
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name", "picture"],
    },
    conformIdTokenClaims: !opts.claimsInIdToken,
    cookies: { keys: ["oidc-test-cookie-key-0123456789"] },
    // A signing key of our own and explicit lifetimes (the provider warns about its defaults).
    jwks: { keys: [{ ...crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }), kid: "test-1", use: "sig", alg: "RS256" }] },
    ttl: { AccessToken: 3600, AuthorizationCode: 60, IdToken: 3600, RefreshToken: 86_400, Interaction: 600, Session: 3600, Grant: 3600 },
    features: { devInteractions: { enabled: true } },
    // Always issue a refresh token, so tests can see it stored.
    issueRefreshToken: () => true,
  });
  const handler = provider.callback();
  server.on("request", handler);

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/**
 * From the provider's authorization URL to the redirect back to `redirectUri`: follows the
 * provider's redirects and posts its development login form (as `login`) and consent form
 * with plain fetch, or takes its "abort" link when `abort` is set. Returns the URL the
 * provider sends the browser to (our callback with code/state, or error).
 */
export async function authorizeAtProvider(
  browser: TestBrowser,
  authorizationUrl: string,
  redirectUri: string,
  opts: { login: string; abort?: boolean },
): Promise<string> {
  let url = authorizationUrl;
  let res = await browser.request(url);
  for (let step = 0; step < 12; step++) {
    const next = TestBrowser.location(res, url);
    if (next.startsWith(redirectUri)) return next;
    if (new URL(next).pathname.startsWith("/interaction/")) {
      const page = await browser.request(next);
      const html = await page.text();
      const prompt = /name="prompt" value="(login|consent)"/.exec(html)?.[1];
      if (!prompt) throw new Error(`no login or consent form at ${next} (${page.status})`);
      if (opts.abort) {
        url = `${next}/abort`;
        res = await browser.request(url);
        continue;
      }
      url = next;
      res = await browser.request(next, {
        form: prompt === "login" ? { prompt, login: opts.login, password: "any" } : { prompt },
      });
      continue;
    }
    url = next;
    res = await browser.request(next);
  }
  throw new Error("too many redirects at the provider");
}
