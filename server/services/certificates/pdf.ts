// The printable certificate (issue 10): one A4 landscape page with the holder's name, the skills
// and scores, the overall score, the code, the issue and expiry dates, the verification URL and
// a QR code of it. Drawn with pdf-lib (standard Helvetica, so no font files ship with the app)
// and `qrcode`'s module matrix drawn as one vector path, sharp at any print size.
//
// The standard fonts only cover WinAnsi (Western European) characters: a letter outside it is
// shown without its accent when that gives a WinAnsi letter, else as "?" — the credential
// (credential.jwt) and the verification page carry the exact name.
import type { PDFFont, PDFPage, RGB } from "pdf-lib";

// pdf-lib is loaded with the first certificate drawn, not at start-up (~0.1 s).
let pdfLib: Promise<typeof import("pdf-lib")> | undefined;
import QRCode from "qrcode";
import { formatScore, scoreEntries, type CertificateDocument } from "./credential.ts";

const A4_LANDSCAPE: [number, number] = [841.89, 595.28];
let INK: RGB;
let MUTED: RGB;
let ACCENT: RGB;
const MAX_SKILL_ROWS = 14;

/** `text` with every character the font cannot encode replaced (see the header). */
export function printable(text: string, font: PDFFont): string {
  const supported = new Set(font.getCharacterSet());
  let out = "";
  for (const ch of text.replace(/[\r\n\t]+/g, " ")) {
    const cp = ch.codePointAt(0)!;
    if (supported.has(cp)) {
      out += ch;
      continue;
    }
    const base = ch.normalize("NFKD").replace(/\p{M}+/gu, "");
    out += base && [...base].every((c) => supported.has(c.codePointAt(0)!)) ? base : "?";
  }
  return out;
}

/** The date as "5 December 2026" (UTC, the dates stored). */
export function formatDate(d: Date): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(d);
}

/** Draws `text`, shrunk (down to `min` points) and then cut with "…" so it fits `maxWidth`. */
function fitText(page: PDFPage, text: string, opts: { x: number; y: number; font: PDFFont; size: number; min?: number; maxWidth: number; color?: RGB; center?: boolean }) {
  const t = printable(text, opts.font);
  let size = opts.size;
  while (size > (opts.min ?? opts.size) && opts.font.widthOfTextAtSize(t, size) > opts.maxWidth) size -= 0.5;
  let shown = t;
  if (opts.font.widthOfTextAtSize(t, size) > opts.maxWidth) {
    while (shown.length > 1 && opts.font.widthOfTextAtSize(`${shown}...`, size) > opts.maxWidth) shown = shown.slice(0, -1);
    shown = `${shown}...`;
  }
  const width = opts.font.widthOfTextAtSize(shown, size);
  page.drawText(shown, { x: opts.center ? opts.x - width / 2 : opts.x, y: opts.y, size, font: opts.font, color: opts.color ?? INK });
}

/** The QR code of `url` as an SVG path of its dark modules (1 unit per module, quiet zone included). */
export function qrPath(url: string): { path: string; modules: number } {
  const qr = QRCode.create(url, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const quiet = 4;
  let path = "";
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) path += `M${c + quiet} ${r + quiet}h1v1h-1z`;
  }
  return { path, modules: n + 2 * quiet };
}

export async function renderCertificatePdf(cert: CertificateDocument): Promise<Uint8Array> {
  const { PDFDocument, StandardFonts, rgb } = await (pdfLib ??= import("pdf-lib"));
  INK = rgb(0.11, 0.13, 0.2);
  MUTED = rgb(0.38, 0.41, 0.48);
  ACCENT = rgb(0.13, 0.4, 0.75);
  const doc = await PDFDocument.create();
  const [W, H] = A4_LANDSCAPE;
  const page = doc.addPage(A4_LANDSCAPE);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);

  doc.setTitle(`HireXp certificate ${cert.code}`);
  doc.setSubject(`HireXp Communication Certificate of ${printable(cert.holderName, regular)}`);
  doc.setAuthor("HireXp");
  doc.setCreator("HireXp");
  doc.setProducer("HireXp");
  doc.setKeywords([cert.code, cert.verificationUrl]);
  doc.setCreationDate(cert.issuedAt);
  doc.setModificationDate(cert.issuedAt);

  // Frame
  page.drawRectangle({ x: 24, y: 24, width: W - 48, height: H - 48, borderColor: ACCENT, borderWidth: 2 });
  page.drawRectangle({ x: 32, y: 32, width: W - 64, height: H - 64, borderColor: rgb(0.75, 0.82, 0.92), borderWidth: 0.75 });

  const cx = W / 2;
  fitText(page, "HireXp", { x: cx, y: H - 82, font: bold, size: 16, maxWidth: 300, color: ACCENT, center: true });
  fitText(page, "Communication Certificate", { x: cx, y: H - 122, font: bold, size: 30, maxWidth: W - 120, center: true });
  fitText(page, "This certifies that", { x: cx, y: H - 156, font: regular, size: 12, maxWidth: 400, color: MUTED, center: true });
  fitText(page, cert.holderName, { x: cx, y: H - 194, font: bold, size: 28, min: 14, maxWidth: W - 140, center: true });
  fitText(page, "has met the HireXp certificate rule in workplace English communication, with these results:", {
    x: cx,
    y: H - 222,
    font: regular,
    size: 12,
    min: 9,
    maxWidth: W - 140,
    color: MUTED,
    center: true,
  });

  // Scores: the overall score large on the left, the skills in a table beside it.
  const left = 70;
  const top = H - 262;
  fitText(page, "Overall score", { x: left, y: top - 4, font: regular, size: 11, maxWidth: 150, color: MUTED });
  fitText(page, `${formatScore(cert.overallScore)} / 100`, { x: left, y: top - 38, font: bold, size: 30, maxWidth: 170, color: ACCENT });

  const entries = scoreEntries(cert.skills);
  const shown = entries.slice(0, MAX_SKILL_ROWS);
  const perColumn = Math.ceil(shown.length / 2) || 1;
  const colX = [250, 480];
  const colW = 200;
  const rowH = 19;
  shown.forEach((e, i) => {
    const col = i < perColumn ? 0 : 1;
    const row = i % perColumn;
    const y = top - row * rowH;
    fitText(page, e.label, { x: colX[col]!, y, font: regular, size: 11, min: 8, maxWidth: colW - 50 });
    const v = formatScore(e.score);
    page.drawText(v, { x: colX[col]! + colW - bold.widthOfTextAtSize(v, 11), y, size: 11, font: bold, color: INK });
    page.drawLine({ start: { x: colX[col]!, y: y - 5 }, end: { x: colX[col]! + colW, y: y - 5 }, thickness: 0.4, color: rgb(0.85, 0.87, 0.9) });
  });
  if (entries.length > shown.length) {
    fitText(page, `and ${entries.length - shown.length} more on the verification page`, { x: colX[0]!, y: top - perColumn * rowH, font: regular, size: 9, maxWidth: 400, color: MUTED });
  }
  if (!entries.length) fitText(page, "Skill scores: see the verification page.", { x: colX[0]!, y: top, font: regular, size: 11, maxWidth: 400, color: MUTED });

  // Facts and the QR code at the bottom.
  const qrSize = 118;
  const qrX = W - 70 - qrSize;
  const qrY = 62;
  const facts: [string, string][] = [
    ["Certificate code", cert.code],
    ["Issued", formatDate(cert.issuedAt)],
    ["Valid until", cert.validUntil ? formatDate(cert.validUntil) : "No expiry"],
    ["Verify at", cert.verificationUrl],
  ];
  facts.forEach(([k, v], i) => {
    const y = 148 - i * 22;
    fitText(page, k, { x: left, y, font: regular, size: 10, maxWidth: 110, color: MUTED });
    fitText(page, v, { x: left + 112, y, font: bold, size: 11, min: 7, maxWidth: qrX - left - 130 });
  });
  fitText(page, "Scan the code or open the link to check that this certificate is genuine and still valid.", {
    x: left,
    y: 60,
    font: regular,
    size: 9,
    maxWidth: qrX - left - 20,
    color: MUTED,
  });

  const qr = qrPath(cert.verificationUrl);
  page.drawSvgPath(qr.path, { x: qrX, y: qrY + qrSize, scale: qrSize / qr.modules, color: rgb(0, 0, 0), borderWidth: 0 });
  fitText(page, "Scan to verify", { x: qrX + qrSize / 2, y: qrY - 6, font: regular, size: 8, maxWidth: qrSize, color: MUTED, center: true });

  return doc.save();
}
