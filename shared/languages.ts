// The languages a person can say they speak: ISO 639-1 codes (the two-letter set, without
// the withdrawn ones such as iw/in/ji/mo/sh/bh), plus "yue" (Cantonese, ISO 639-3) which
// has no two-letter code but is widely spoken. Profiles store these codes; the client shows
// their names with Intl.DisplayNames, the server accepts nothing else (shared/schemas/profile.ts).
export const LANGUAGE_CODES = (
  "aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy " +
  "da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht " +
  "hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky " +
  "la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny " +
  "oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss " +
  "st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo " +
  "za zh zu yue"
).split(" ");

const CODES = new Set(LANGUAGE_CODES);

export function isLanguageCode(code: string): boolean {
  return CODES.has(code);
}

/** Names where CLDR's English name would be ambiguous (it calls Twi "Akan", like ak). */
const NAME_OVERRIDES: Record<string, string> = { tw: "Twi" };

/**
 * "Spanish" for "es" (in `locale`, English by default); the code itself when the runtime has
 * no name for it.
 */
export function languageName(code: string, locale = "en"): string {
  if (locale === "en" && NAME_OVERRIDES[code]) return NAME_OVERRIDES[code];
  try {
    return new Intl.DisplayNames([locale], { type: "language", fallback: "none" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The language's own name for itself ("español" for "es"), when the runtime knows it. */
export function languageAutonym(code: string): string | null {
  try {
    const own = new Intl.DisplayNames([code], { type: "language", fallback: "none" }).of(code);
    return own && own !== code ? own : null;
  } catch {
    return null;
  }
}
