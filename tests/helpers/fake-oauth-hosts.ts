// Google, GitHub and LinkedIn as Arctic reaches them — at their real host names — answered by
// ONE local HTTPS server that speaks their protocols (authorization redirect, token endpoint,
// user info). Nothing of Arctic or of our code is patched: the test process's global fetch
// dispatcher (undici 6, Node 20's bundled version) is replaced by an Agent whose `connect`
// resolves those host names to 127.0.0.1, sends port 443 to the local server's port, and
// trusts a throwaway self-signed certificate made with openssl for those names. The original
// dispatcher comes back on close().
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import dns from "node:dns";
import fs from "node:fs";
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Agent, buildConnector, getGlobalDispatcher, setGlobalDispatcher, type Dispatcher } from "undici";

export const FAKE_HOSTS = [
  "accounts.google.com",
  "oauth2.googleapis.com",
  "github.com",
  "api.github.com",
  "www.linkedin.com",
  "api.linkedin.com",
] as const;

export type FakeProvider = "google" | "github" | "linkedin";

/** Who "signs in" at the provider on the next authorization. */
export type FakeIdentity =
  | { provider: "google"; claims: Record<string, unknown> }
  | { provider: "linkedin"; userinfo: Record<string, unknown> }
  | {
      provider: "github";
      user: { id: number; login: string; name?: string | null; avatar_url?: string; email?: string | null };
      emails: { email: string; primary: boolean; verified: boolean; visibility?: string | null }[];
    };

export type SeenRequest = { host: string; method: string; path: string; headers: IncomingMessage["headers"]; body: string };

type Grant = {
  provider: FakeProvider;
  clientId: string;
  redirectUri: string;
  codeChallenge: string | null;
  identity: FakeIdentity;
};

export type FakeOAuthHosts = {
  clients: Record<FakeProvider, { clientId: string; clientSecret: string }>;
  /** The identity the next authorization at that provider yields. */
  nextIdentity: Partial<Record<FakeProvider, FakeIdentity>>;
  /** Providers whose token endpoint refuses the next code (each in its own real error style). */
  failTokenEndpoint: Set<FakeProvider>;
  /** Every request the local server answered. */
  seen: SeenRequest[];
  /** Issued access tokens (to check they are stored, never returned). */
  issuedAccessTokens: string[];
  close(): Promise<void>;
};

const b64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");

function makeCertificate(dir: string): { key: string; cert: string } {
  const keyFile = path.join(dir, "key.pem");
  const certFile = path.join(dir, "cert.pem");
  execFileSync(
    "openssl",
    [
      "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
      "-keyout", keyFile, "-out", certFile,
      "-subj", "/CN=localhost",
      "-addext", `subjectAltName=${FAKE_HOSTS.map((h) => `DNS:${h}`).join(",")}`,
    ],
    { stdio: "pipe" },
  );
  return { key: fs.readFileSync(keyFile, "utf8"), cert: fs.readFileSync(certFile, "utf8") };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

function basicAuth(req: IncomingMessage): { id: string; secret: string } | null {
  const h = req.headers.authorization;
  if (!h?.startsWith("Basic ")) return null;
  const raw = Buffer.from(h.slice(6), "base64").toString("utf8");
  const i = raw.indexOf(":");
  return i < 0 ? null : { id: raw.slice(0, i), secret: raw.slice(i + 1) };
}

export async function startFakeOAuthHosts(): Promise<FakeOAuthHosts> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-fake-oauth-"));
  const { key, cert } = makeCertificate(dir);
  const signingKey = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;

  const clients: FakeOAuthHosts["clients"] = {
    google: { clientId: "google-client-id.apps.example", clientSecret: "google-secret" },
    github: { clientId: "github-client-id", clientSecret: "github-secret" },
    linkedin: { clientId: "linkedin-client-id", clientSecret: "linkedin-secret" },
  };
  const nextIdentity: FakeOAuthHosts["nextIdentity"] = {};
  const failTokenEndpoint = new Set<FakeProvider>();
  const seen: SeenRequest[] = [];
  const issuedAccessTokens: string[] = [];
  const codes = new Map<string, Grant>();
  const accessTokens = new Map<string, FakeIdentity>();

  const random = () => crypto.randomBytes(24).toString("base64url");

  function idToken(claims: Record<string, unknown>, clientId: string): string {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: "RS256", kid: "fake-1", typ: "JWT" }));
    const payload = b64url(JSON.stringify({ iss: "https://accounts.google.com", azp: clientId, aud: clientId, iat: now, exp: now + 3600, ...claims }));
    const sig = crypto.sign("RSA-SHA256", Buffer.from(`${header}.${payload}`), signingKey);
    return `${header}.${payload}.${b64url(sig)}`;
  }

  /** The user's browser at the provider's authorization page: consent, then back with a code. */
  function authorize(provider: FakeProvider, url: URL, res: ServerResponse) {
    const p = url.searchParams;
    const identity = nextIdentity[provider];
    const redirectUri = p.get("redirect_uri");
    if (!identity || !redirectUri || p.get("client_id") !== clients[provider].clientId || p.get("response_type") !== "code") {
      res.writeHead(400).end("bad authorization request");
      return;
    }
    const code = random();
    codes.set(code, { provider, clientId: p.get("client_id")!, redirectUri, codeChallenge: p.get("code_challenge"), identity });
    const back = new URL(redirectUri);
    back.searchParams.set("code", code);
    back.searchParams.set("state", p.get("state") ?? "");
    res.writeHead(302, { location: back.toString() }).end();
  }

  /** Takes a code once; checks client, redirect_uri and (where used) the PKCE verifier. */
  function redeem(provider: FakeProvider, form: URLSearchParams, clientId: string | undefined, secret: string | undefined): Grant | null {
    const code = form.get("code") ?? "";
    const grant = codes.get(code);
    codes.delete(code);
    if (failTokenEndpoint.has(provider)) {
      failTokenEndpoint.delete(provider);
      return null;
    }
    if (!grant || grant.provider !== provider || form.get("grant_type") !== "authorization_code") return null;
    if (clientId !== clients[provider].clientId || secret !== clients[provider].clientSecret) return null;
    if (form.get("redirect_uri") !== grant.redirectUri) return null;
    if (grant.codeChallenge !== null) {
      const verifier = form.get("code_verifier") ?? "";
      if (b64url(crypto.createHash("sha256").update(verifier).digest()) !== grant.codeChallenge) return null;
    }
    return grant;
  }

  function issueAccessToken(identity: FakeIdentity): string {
    const t = `fake-at-${random()}`;
    accessTokens.set(t, identity);
    issuedAccessTokens.push(t);
    return t;
  }

  function bearer(req: IncomingMessage): FakeIdentity | null {
    const h = req.headers.authorization;
    return h?.startsWith("Bearer ") ? (accessTokens.get(h.slice(7)) ?? null) : null;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "");
    const url = new URL(req.url ?? "/", `https://${host}`);
    const body = await readBody(req);
    seen.push({ host, method: req.method ?? "", path: url.pathname, headers: req.headers, body });
    const form = new URLSearchParams(body);
    const route = `${req.method} ${host}${url.pathname}`;

    switch (route) {
      // --- Google -------------------------------------------------------------------
      case "GET accounts.google.com/o/oauth2/v2/auth":
        return authorize("google", url, res);
      case "POST oauth2.googleapis.com/token": {
        const auth = basicAuth(req);
        const grant = redeem("google", form, auth?.id, auth?.secret);
        if (!grant || grant.identity.provider !== "google") {
          return json(res, 400, { error: "invalid_grant", error_description: "Bad Request" });
        }
        return json(res, 200, {
          access_token: issueAccessToken(grant.identity),
          expires_in: 3599,
          refresh_token: `fake-rt-${random()}`,
          scope: "openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile",
          token_type: "Bearer",
          id_token: idToken(grant.identity.claims, grant.clientId),
        });
      }

      // --- GitHub (errors are 200 with an `error` field, as GitHub does) -------------------
      case "GET github.com/login/oauth/authorize":
        return authorize("github", url, res);
      case "POST github.com/login/oauth/access_token": {
        const auth = basicAuth(req);
        const grant = redeem("github", form, auth?.id, auth?.secret);
        if (!grant) {
          return json(res, 200, {
            error: "bad_verification_code",
            error_description: "The code passed is incorrect or expired.",
            error_uri: "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code",
          });
        }
        return json(res, 200, { access_token: issueAccessToken(grant.identity), token_type: "bearer", scope: "read:user,user:email" });
      }
      case "GET api.github.com/user":
      case "GET api.github.com/user/emails": {
        const who = bearer(req);
        if (!who || who.provider !== "github") return json(res, 401, { message: "Bad credentials" });
        if (!req.headers["user-agent"]) return json(res, 403, { message: "Request forbidden by administrative rules. Please make sure your request has a User-Agent header" });
        return json(res, 200, url.pathname === "/user" ? who.user : who.emails);
      }

      // --- LinkedIn (client credentials in the body) -------------------------------------
      case "GET www.linkedin.com/oauth/v2/authorization":
        return authorize("linkedin", url, res);
      case "POST www.linkedin.com/oauth/v2/accessToken": {
        const grant = redeem("linkedin", form, form.get("client_id") ?? undefined, form.get("client_secret") ?? undefined);
        if (!grant) {
          return json(res, 400, { error: "invalid_request", error_description: "Unable to retrieve access token: authorization code not found" });
        }
        return json(res, 200, { access_token: issueAccessToken(grant.identity), expires_in: 5183999, scope: "email,openid,profile", token_type: "Bearer" });
      }
      case "GET api.linkedin.com/v2/userinfo": {
        const who = bearer(req);
        if (!who || who.provider !== "linkedin") return json(res, 401, { serviceErrorCode: 65600, message: "Invalid access token", status: 401 });
        return json(res, 200, who.userinfo);
      }
    }
    res.writeHead(404).end("not found");
  }

  const server = https.createServer({ key, cert }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500).end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  // The connector: fake hosts resolve to 127.0.0.1, their port 443 becomes the local port,
  // and only our throwaway certificate is trusted. Other hosts (the app on 127.0.0.1) go on as usual.
  const fake = new Set<string>(FAKE_HOSTS);
  const lookup = ((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    if (!fake.has(hostname)) return dns.lookup(hostname, options, callback as never);
    if (options?.all) callback(null, [{ address: "127.0.0.1", family: 4 }]);
    else callback(null, "127.0.0.1", 4);
  }) as unknown as typeof dns.lookup;
  const base = buildConnector({ ca: cert, lookup } as buildConnector.BuildOptions);
  const connect: buildConnector.connector = (opts, callback) =>
    base({ ...opts, port: fake.has(opts.hostname) && (opts.port === "" || opts.port === "443") ? String(port) : opts.port }, callback);

  const original: Dispatcher = getGlobalDispatcher();
  const agent = new Agent({ connect });
  setGlobalDispatcher(agent);

  return {
    clients,
    nextIdentity,
    failTokenEndpoint,
    seen,
    issuedAccessTokens,
    async close() {
      setGlobalDispatcher(original);
      await agent.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
