// Certificates (issue 10): the code format and the inputs of the certificate procedures,
// shared by the server and the forms.
import { z } from "zod";

/** The code's alphabet: digits and capitals without the look-alikes 0/O and 1/I (32 symbols, 5 bits each). */
export const CERTIFICATE_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/** `HXP-XXXX-XXXX-XXXX`: 12 random symbols of the alphabet = 60 bits. */
export const CERTIFICATE_CODE_PATTERN = /^HXP-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;

/**
 * A code as typed or pasted (any case, spaces, with or without dashes) in its canonical form
 * `HXP-XXXX-XXXX-XXXX`, or null when it cannot be a certificate code.
 */
export function normaliseCertificateCode(raw: string): string | null {
  const s = raw.normalize("NFKC").replace(/[\s\u2010-\u2015-]+/g, "").toUpperCase();
  // With its prefix (15 symbols) or without (12; the random part may itself start with "HXP").
  const body = s.length === 15 && s.startsWith("HXP") ? s.slice(3) : s;
  if (body.length !== 12) return null;
  const code = `HXP-${body.slice(0, 4)}-${body.slice(4, 8)}-${body.slice(8, 12)}`;
  return CERTIFICATE_CODE_PATTERN.test(code) ? code : null;
}

/** Any text up to 100 characters: a malformed code answers NOT_FOUND like an unknown one. */
export const CertificateCodeInput = z.object({ code: z.string().max(100, "A certificate code is at most 100 characters") });

export const RevokeCertificateInput = z.object({
  code: z.string().max(100, "A certificate code is at most 100 characters"),
  reason: z.string().trim().min(3, "Give the reason (at least 3 characters)").max(500, "At most 500 characters"),
});

export type CertificateStatus = "valid" | "expired" | "revoked";

/** What a certificate's `skills` JSON holds: per-skill practice averages and the passed assessment scores by type (0–100). */
export type CertificateSkills = { practice: Record<string, number>; assessments: Record<string, number> };

/** Reads a stored `skills` JSON defensively (numbers only). */
export function readCertificateSkills(json: unknown): CertificateSkills {
  const part = (v: unknown) => {
    const out: Record<string, number> = {};
    if (v && typeof v === "object" && !Array.isArray(v)) for (const [k, n] of Object.entries(v)) if (typeof n === "number" && Number.isFinite(n)) out[k] = n;
    return out;
  };
  const o = (json && typeof json === "object" ? json : {}) as Record<string, unknown>;
  return { practice: part(o.practice), assessments: part(o.assessments) };
}
