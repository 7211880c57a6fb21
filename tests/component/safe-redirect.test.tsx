import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "../../client/lib/safe-redirect.ts";

const FALLBACK = "/dashboard";

describe("safeRedirectPath", () => {
  it.each([
    ["/settings/profile", "/settings/profile"],
    ["/settings/profile?tab=links#github", "/settings/profile?tab=links#github"],
    ["/", "/"],
    ["/a/../settings/security", "/settings/security"],
    ["/search?q=%2F%2Fevil.com", "/search?q=%2F%2Fevil.com"],
  ])("keeps the same-origin path %j", (raw, expected) => {
    expect(safeRedirectPath(raw, FALLBACK)).toBe(expected);
  });

  it.each([
    ["protocol-relative", "//evil.com"],
    ["protocol-relative with path", "//evil.com/dashboard"],
    ["backslash", "/\\evil.com"],
    ["double backslash", "\\\\evil.com"],
    ["backslash later in the path", "/settings\\..\\..\\evil"],
    ["absolute https URL", "https://evil.com/"],
    ["absolute URL of our own look-alike", "http://localhost:3000.evil.com/"],
    ["scheme without slashes", "https:evil.com"],
    ["javascript: URL", "javascript:alert(1)"],
    ["data: URL", "data:text/html,<script>alert(1)</script>"],
    ["relative path", "dashboard"],
    ["host name", "evil.com"],
    ["tab that browsers strip", "/\t/evil.com"],
    ["newline that browsers strip", "/\n/evil.com"],
    ["leading space", " /dashboard"],
    ["dot segment collapsing to //", "/.//evil.com"],
    ["dot-dot segment collapsing to //", "/..//evil.com"],
    ["empty", ""],
    ["overlong", `/${"a".repeat(3000)}`],
  ])("refuses %s (%j)", (_label, raw) => {
    expect(safeRedirectPath(raw, FALLBACK)).toBe(FALLBACK);
  });

  it("uses the fallback when there is no value", () => {
    expect(safeRedirectPath(null, FALLBACK)).toBe(FALLBACK);
    expect(safeRedirectPath(undefined, "/")).toBe("/");
  });
});
