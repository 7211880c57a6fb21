// OAuth pieces that need no network: configuration, the provider list, the verified flag and
// the ID token claim checks.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";
import { checkIdTokenClaims, isVerifiedFlag, OAuthFlowError } from "../../server/auth/oauth/identity.ts";
import { callbackUrl, enabledProviders } from "../../server/auth/oauth/providers.ts";

const base = { NODE_ENV: "test" as const, APP_URL: "https://hirexp.example" };

describe("OAuth configuration", () => {
  it("turns a provider on only when all of its variables are set", () => {
    expect(loadConfig(base).oauth).toEqual({});
    const c = loadConfig({
      ...base,
      GOOGLE_CLIENT_ID: "g", GOOGLE_CLIENT_SECRET: "gs",
      GITHUB_CLIENT_ID: "h", GITHUB_CLIENT_SECRET: "hs",
      LINKEDIN_CLIENT_ID: "l", LINKEDIN_CLIENT_SECRET: "ls",
      OIDC_ISSUER: "https://login.acme.example/realms/staff/", OIDC_CLIENT_ID: "o", OIDC_CLIENT_SECRET: "os", OIDC_NAME: "Acme staff",
    });
    expect(c.oauth).toEqual({
      google: { clientId: "g", clientSecret: "gs" },
      github: { clientId: "h", clientSecret: "hs" },
      linkedin: { clientId: "l", clientSecret: "ls" },
      oidc: { issuer: "https://login.acme.example/realms/staff", clientId: "o", clientSecret: "os", name: "Acme staff" },
    });
    expect(enabledProviders(c)).toEqual([
      { id: "google", label: "Google", startUrl: "/auth/oauth/google" },
      { id: "github", label: "GitHub", startUrl: "/auth/oauth/github" },
      { id: "linkedin", label: "LinkedIn", startUrl: "/auth/oauth/linkedin" },
      { id: "oidc", label: "Acme staff", startUrl: "/auth/oauth/oidc" },
    ]);
    expect(callbackUrl(c, "github")).toBe("https://hirexp.example/auth/oauth/github/callback");
    const noName = loadConfig({ ...base, OIDC_ISSUER: "https://sso.example", OIDC_CLIENT_ID: "o", OIDC_CLIENT_SECRET: "os" });
    expect(enabledProviders(noName)).toEqual([{ id: "oidc", label: "Single sign-on", startUrl: "/auth/oauth/oidc" }]);
  });

  it("refuses a half-configured provider and a plain-http issuer that is not loopback", () => {
    expect(() => loadConfig({ ...base, GITHUB_CLIENT_ID: "h" })).toThrow(/GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET/);
    expect(() => loadConfig({ ...base, LINKEDIN_CLIENT_SECRET: "s" })).toThrow(/LINKEDIN_CLIENT_ID/);
    expect(() => loadConfig({ ...base, OIDC_ISSUER: "https://sso.example", OIDC_CLIENT_ID: "o" })).toThrow(/OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/);
    expect(() => loadConfig({ ...base, OIDC_ISSUER: "http://sso.example", OIDC_CLIENT_ID: "o", OIDC_CLIENT_SECRET: "s" })).toThrow(/https/);
    expect(loadConfig({ ...base, OIDC_ISSUER: "http://127.0.0.1:9000", OIDC_CLIENT_ID: "o", OIDC_CLIENT_SECRET: "s" }).oauth.oidc?.issuer).toBe("http://127.0.0.1:9000");
  });
});

describe("the provider's email_verified flag", () => {
  it.each([
    [true, true],
    ["true", true],
    [false, false],
    ["false", false],
    ["False", false],
    [1, false],
    ["1", false],
    [null, false],
    [undefined, false],
  ])("%j → %j", (v, expected) => {
    expect(isVerifiedFlag(v)).toBe(expected);
  });
});

describe("ID token claim checks", () => {
  const now = Date.UTC(2026, 0, 1);
  const s = Math.floor(now / 1000);
  const good = { iss: "https://sso.example", aud: "client-1", exp: s + 300, iat: s, sub: "user-1" };
  const check = (claims: Record<string, unknown>) => () => checkIdTokenClaims(claims, { issuers: ["https://sso.example"], clientId: "client-1", now });

  it("accepts a token for us, from the issuer, not expired", () => {
    expect(check(good)).not.toThrow();
    expect(check({ ...good, aud: ["client-1", "other"], azp: "client-1" })).not.toThrow();
    // Within the 60 s clock-skew allowance.
    expect(check({ ...good, exp: s - 30 })).not.toThrow();
  });

  it.each([
    ["another issuer", { iss: "https://evil.example" }],
    ["no issuer", { iss: undefined }],
    ["another audience", { aud: "client-2" }],
    ["several audiences without azp naming us", { aud: ["client-1", "other"], azp: "other" }],
    ["expired", { exp: s - 120 }],
    ["no exp", { exp: undefined }],
    ["exp as a string", { exp: String(s + 300) }],
    ["no sub", { sub: "" }],
  ])("refuses %s", (_label, patch) => {
    expect(check({ ...good, ...patch })).toThrow(OAuthFlowError);
    try {
      check({ ...good, ...patch })();
    } catch (e) {
      expect((e as OAuthFlowError).code).toBe("identity");
    }
  });
});
