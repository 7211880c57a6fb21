import { describe, expect, it } from "vitest";
import { checkPasswordPolicy, hashPassword, verifyPassword } from "../../server/auth/password.ts";
import { generateToken, hashToken } from "../../server/auth/tokens.ts";
import { loadConfig } from "../../server/config.ts";
import { EmailSchema, normalizeEmail } from "../../shared/schemas/fields.ts";
import { SignUpInput } from "../../shared/schemas/auth.ts";

describe("emails", () => {
  it("normalises with trim, lower case and NFKC", () => {
    expect(normalizeEmail("  Ａda@Example.COM \n")).toBe("ada@example.com");
    expect(EmailSchema.parse(" Bob@Example.org ")).toBe("bob@example.org");
  });
  it("accepts exactly one valid address", () => {
    for (const bad of ["", "bob", "a@b.com, c@d.com", "a@b.com c@d.com", "<a@b.com>", "a@@b.com"]) {
      expect(EmailSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});

describe("password policy", () => {
  it("refuses short, overlong and common passwords with a reason", () => {
    expect(checkPasswordPolicy("short")?.message).toMatch(/at least 8/);
    expect(checkPasswordPolicy("x".repeat(129))?.message).toMatch(/at most 128/);
    for (const common of ["password1", "qwertyuiop", "iloveyou123", "12345678"]) {
      expect(checkPasswordPolicy(common), common).not.toBeNull();
    }
    expect(checkPasswordPolicy("grace.hopper@example.com", ["grace.hopper@example.com"])).not.toBeNull();
  });
  it("accepts long passphrases with no composition rules", () => {
    expect(checkPasswordPolicy("correct horse battery staple")).toBeNull();
    expect(checkPasswordPolicy("zebras dance under violet moons")).toBeNull();
  });
  it("is part of sign-up validation only for length (the common check runs on the server)", () => {
    expect(SignUpInput.safeParse({ email: "a@b.co", password: "1234567", name: "A" }).success).toBe(false);
    expect(SignUpInput.safeParse({ email: "a@b.co", password: "x".repeat(129), name: "A" }).success).toBe(false);
    expect(SignUpInput.parse({ email: "a@b.co", password: "12345678", name: "A" }).role).toBe("TRAINEE");
  });
});

describe("password hashing", () => {
  it("uses bcrypt cost 12 and checks every byte of long passwords", async () => {
    const long = "a".repeat(72);
    const h = await hashPassword(long + "1");
    expect(h).toMatch(/^\$2[aby]\$12\$/);
    expect(await verifyPassword(long + "1", h)).toBe(true);
    expect(await verifyPassword(long + "2", h)).toBe(false);
    expect(await verifyPassword(long, h)).toBe(false);
    expect(await verifyPassword("anything", "not-a-hash")).toBe(false);
  });
});

describe("tokens", () => {
  it("are 160-bit base32 strings, stored as their SHA-256", () => {
    const a = generateToken();
    expect(a).toMatch(/^[a-z2-7]{32}$/);
    expect(generateToken()).not.toBe(a);
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).toBe(hashToken(a));
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("config", () => {
  it("derives APP_URL, cookie security and the trusted proxies", () => {
    const dev = loadConfig({ PORT: "4000" });
    expect(dev.appUrl).toBe("http://localhost:4000");
    expect(dev.secureCookies).toBe(false);
    expect(dev.trustProxy).toBe(false);
    const prod = loadConfig({ APP_URL: "https://hirexp.example/", TRUST_PROXY: "10.0.0.1, 10.0.0.2" });
    expect(prod.appOrigin).toBe("https://hirexp.example");
    expect(prod.secureCookies).toBe(true);
    expect(prod.trustProxy).toEqual(["10.0.0.1", "10.0.0.2"]);
    expect(loadConfig({ TRUST_PROXY: "2" }).trustProxy).toBe(2);
    expect(() => loadConfig({ PORT: "not-a-port" })).toThrow(/PORT/);
  });
});
