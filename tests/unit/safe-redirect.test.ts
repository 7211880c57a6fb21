import { describe, expect, it } from "vitest";
import { DEFAULT_AFTER_SIGN_IN, safeNextPath, safeRedirectPath } from "../../shared/safe-redirect.ts";

describe("safeNextPath (shared)", () => {
  it.each([
    ["/settings/profile", "/settings/profile"],
    ["/settings/profile?tab=links#github", "/settings/profile?tab=links#github"],
    ["/", "/"],
    ["/a/../settings/security", "/settings/security"],
    ["/search?q=%2F%2Fevil.com", "/search?q=%2F%2Fevil.com"],
    ["/@evil.com", "/@evil.com"],
    ["/dashboard?next=https://evil.com", "/dashboard?next=https://evil.com"],
  ])("keeps the same-origin path %j", (raw, expected) => {
    expect(safeNextPath(raw)).toBe(expected);
  });

  it.each([
    ["protocol-relative", "//evil.com"],
    ["protocol-relative with path", "//evil.com/dashboard"],
    ["backslash", "/\\evil.com"],
    ["double backslash", "\\\\evil.com"],
    ["backslash later in the path", "/settings\\..\\..\\evil"],
    ["absolute https URL", "https://evil.com"],
    ["absolute https URL with path", "https://evil.com/dashboard"],
    ["absolute URL of our own look-alike", "http://localhost:3000.evil.com/"],
    ["scheme without slashes", "https:evil.com"],
    ["user-info style", "@evil.com"],
    ["javascript: URL", "javascript:alert(1)"],
    ["data: URL", "data:text/html,<script>alert(1)</script>"],
    ["relative path", "dashboard"],
    ["host name", "evil.com"],
    ["tab that browsers strip", "/\t/evil.com"],
    ["newline that browsers strip", "/\n/evil.com"],
    ["carriage return", "/\r/evil.com"],
    ["leading space", " /dashboard"],
    ["dot segment collapsing to //", "/.//evil.com"],
    ["dot-dot segment collapsing to //", "/..//evil.com"],
    ["encoded dot segments are not decoded into //", "/%2e%2e//evil.com"],
    ["empty", ""],
    ["overlong", `/${"a".repeat(3000)}`],
  ])("sends %s (%j) to /dashboard", (_label, raw) => {
    expect(safeNextPath(raw)).toBe("/dashboard");
  });

  it("uses /dashboard when there is no value, and safeRedirectPath takes another fallback", () => {
    expect(DEFAULT_AFTER_SIGN_IN).toBe("/dashboard");
    expect(safeNextPath(null)).toBe("/dashboard");
    expect(safeNextPath(undefined)).toBe("/dashboard");
    expect(safeRedirectPath("//evil.com", "/settings/security")).toBe("/settings/security");
    expect(safeRedirectPath("/settings/profile", "/settings/security")).toBe("/settings/profile");
  });

  it("never returns anything a browser would resolve to another origin", () => {
    const probes = ["//a", "/\\a", "/.//a", "/..//a", "/%2F/a", "/%5C/a", "///a", "/\u3002/a", "/\u2028//a", "http:/a", "/a/../..//b"];
    for (const raw of probes) {
      const out = safeNextPath(raw);
      expect(new URL(out, "https://hirexp.example").origin).toBe("https://hirexp.example");
      expect(out.startsWith("/")).toBe(true);
      expect(out.startsWith("//")).toBe(false);
    }
  });
});
