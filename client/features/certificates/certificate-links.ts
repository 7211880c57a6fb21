// Where a trainee can take a certificate: LinkedIn's add-to-profile form (its documented URL
// parameters: startTask=CERTIFICATION_NAME, name, organizationName, issueYear/issueMonth,
// expirationYear/expirationMonth, certUrl, certId), and the downloads served by the server.

export const CERTIFICATE_NAME = "HireXp Workplace Communication Certificate";

export function linkedInAddToProfileUrl(c: { code: string; issuedAt: Date; validUntil: Date | null; verificationUrl: string }): string {
  const p = new URLSearchParams({
    startTask: "CERTIFICATION_NAME",
    name: CERTIFICATE_NAME,
    organizationName: "HireXp",
    issueYear: String(c.issuedAt.getUTCFullYear()),
    issueMonth: String(c.issuedAt.getUTCMonth() + 1),
  });
  if (c.validUntil) {
    p.set("expirationYear", String(c.validUntil.getUTCFullYear()));
    p.set("expirationMonth", String(c.validUntil.getUTCMonth() + 1));
  }
  p.set("certUrl", c.verificationUrl);
  p.set("certId", c.code);
  return `https://www.linkedin.com/profile/add?${p.toString()}`;
}

/** The PDF of the certificate (server route). */
export const certificatePdfUrl = (code: string) => `/api/certificates/${encodeURIComponent(code)}/certificate.pdf`;
/** The signed credential, an Open Badges 3.0 VC-JWT (server route). */
export const credentialJwtUrl = (code: string) => `/api/certificates/${encodeURIComponent(code)}/credential.jwt`;
