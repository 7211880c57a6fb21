// Certificate codes (issue 10): the format, the alphabet without look-alikes, the randomness
// spread, normalising what people type, and LinkedIn's add-to-profile URL.
import { describe, expect, it } from "vitest";
import { addYears, generateCertificateCode } from "../../server/services/certificates/rule.ts";
import { CERTIFICATE_CODE_ALPHABET, CERTIFICATE_CODE_PATTERN, normaliseCertificateCode, readCertificateSkills } from "../../shared/schemas/certificates.ts";
import { linkedInAddToProfileUrl } from "../../client/features/certificates/certificate-links.ts";

describe("certificate codes", () => {
  it("are HXP- and 12 symbols of a 32-symbol alphabet without 0, O, 1 or I (60 bits), all different, every symbol used", () => {
    expect(CERTIFICATE_CODE_ALPHABET).toHaveLength(32);
    expect(CERTIFICATE_CODE_ALPHABET).not.toMatch(/[0O1I]/);
    const codes = Array.from({ length: 5000 }, generateCertificateCode);
    for (const c of codes) expect(c).toMatch(CERTIFICATE_CODE_PATTERN);
    expect(new Set(codes).size).toBe(codes.length);
    const seen = new Set(codes.join("").replace(/HXP|-/g, ""));
    expect([...seen].sort().join("")).toBe([...CERTIFICATE_CODE_ALPHABET].sort().join(""));
  });

  it("normalises case, spaces and dashes; refuses anything else", () => {
    expect(normaliseCertificateCode(" hxp-7k3m-9qx2-rt4d ")).toBe("HXP-7K3M-9QX2-RT4D");
    expect(normaliseCertificateCode("HXP 7K3M 9QX2 RT4D")).toBe("HXP-7K3M-9QX2-RT4D");
    expect(normaliseCertificateCode("7k3m9qx2rt4d")).toBe("HXP-7K3M-9QX2-RT4D");
    expect(normaliseCertificateCode("hxp7k3m9qx2r")).toBe("HXP-HXP7-K3M9-QX2R"); // 12 symbols: no prefix
    expect(normaliseCertificateCode("HXP–7K3M–9QX2–RT4D")).toBe("HXP-7K3M-9QX2-RT4D"); // en dashes
    for (const bad of ["", "HXP-7K3M-9QX2-RT4", "HXP-7K3M-9QX2-RT4DD", "HXP-OK3M-9QX2-RT4D", "HXP-1K3M-9QX2-RT4D", "HXP-7K3M-9QX2-RT4%", "ABC-7K3M-9QX2-RT4D"]) {
      expect([bad, normaliseCertificateCode(bad)]).toEqual([bad, null]);
    }
  });

  it("reads stored skills defensively", () => {
    expect(readCertificateSkills({ practice: { fluency: 80, bad: "x" }, assessments: { grammar: 90 } })).toEqual({ practice: { fluency: 80 }, assessments: { grammar: 90 } });
    expect(readCertificateSkills(null)).toEqual({ practice: {}, assessments: {} });
  });

  it("validity: two years later, same moment", () => {
    expect(addYears(new Date("2026-03-15T10:20:30Z"), 2)).toEqual(new Date("2028-03-15T10:20:30Z"));
  });

  it("builds LinkedIn's add-to-profile URL with its documented parameters", () => {
    const url = new URL(linkedInAddToProfileUrl({ code: "HXP-7K3M-9QX2-RT4D", issuedAt: new Date("2026-12-05T08:00:00Z"), validUntil: new Date("2028-12-05T08:00:00Z"), verificationUrl: "https://hirexp.example/verify/HXP-7K3M-9QX2-RT4D" }));
    expect(url.origin + url.pathname).toBe("https://www.linkedin.com/profile/add");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      startTask: "CERTIFICATION_NAME",
      name: "HireXp Workplace Communication Certificate",
      organizationName: "HireXp",
      issueYear: "2026",
      issueMonth: "12",
      expirationYear: "2028",
      expirationMonth: "12",
      certUrl: "https://hirexp.example/verify/HXP-7K3M-9QX2-RT4D",
      certId: "HXP-7K3M-9QX2-RT4D",
    });
  });
});
