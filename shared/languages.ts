// The languages a person can say they speak: ISO 639-1 codes (the two-letter set, without
// the withdrawn ones such as iw/in/ji/mo/sh/bh), plus "yue" (Cantonese, ISO 639-3) which
// has no two-letter code but is widely spoken. Profiles store these codes; the client shows
// their names, the server accepts nothing else (shared/schemas/profile.ts).
//
// English names, written out from CLDR (Node's full ICU) because browsers ship smaller
// ICU data: Chromium has no name for "aa", "ab" or "ae", for example.
const ENGLISH_NAMES: Record<string, string> = {
  aa: "Afar", ab: "Abkhazian", ae: "Avestan", af: "Afrikaans", ak: "Akan", am: "Amharic", an: "Aragonese",
  ar: "Arabic", as: "Assamese", av: "Avaric", ay: "Aymara", az: "Azerbaijani", ba: "Bashkir",
  be: "Belarusian", bg: "Bulgarian", bi: "Bislama", bm: "Bambara", bn: "Bangla", bo: "Tibetan", br: "Breton",
  bs: "Bosnian", ca: "Catalan", ce: "Chechen", ch: "Chamorro", co: "Corsican", cr: "Cree", cs: "Czech",
  cu: "Church Slavic", cv: "Chuvash", cy: "Welsh", da: "Danish", de: "German", dv: "Divehi", dz: "Dzongkha",
  ee: "Ewe", el: "Greek", en: "English", eo: "Esperanto", es: "Spanish", et: "Estonian", eu: "Basque",
  fa: "Persian", ff: "Fula", fi: "Finnish", fj: "Fijian", fo: "Faroese", fr: "French", fy: "Western Frisian",
  ga: "Irish", gd: "Scottish Gaelic", gl: "Galician", gn: "Guarani", gu: "Gujarati", gv: "Manx", ha: "Hausa",
  he: "Hebrew", hi: "Hindi", ho: "Hiri Motu", hr: "Croatian", ht: "Haitian Creole", hu: "Hungarian",
  hy: "Armenian", hz: "Herero", ia: "Interlingua", id: "Indonesian", ie: "Interlingue", ig: "Igbo",
  ii: "Sichuan Yi", ik: "Inupiaq", io: "Ido", is: "Icelandic", it: "Italian", iu: "Inuktitut",
  ja: "Japanese", jv: "Javanese", ka: "Georgian", kg: "Kongo", ki: "Kikuyu", kj: "Kuanyama", kk: "Kazakh",
  kl: "Kalaallisut", km: "Khmer", kn: "Kannada", ko: "Korean", kr: "Kanuri", ks: "Kashmiri", ku: "Kurdish",
  kv: "Komi", kw: "Cornish", ky: "Kyrgyz", la: "Latin", lb: "Luxembourgish", lg: "Ganda", li: "Limburgish",
  ln: "Lingala", lo: "Lao", lt: "Lithuanian", lu: "Luba-Katanga", lv: "Latvian", mg: "Malagasy",
  mh: "Marshallese", mi: "Māori", mk: "Macedonian", ml: "Malayalam", mn: "Mongolian", mr: "Marathi",
  ms: "Malay", mt: "Maltese", my: "Burmese", na: "Nauru", nb: "Norwegian Bokmål", nd: "North Ndebele",
  ne: "Nepali", ng: "Ndonga", nl: "Dutch", nn: "Norwegian Nynorsk", no: "Norwegian", nr: "South Ndebele",
  nv: "Navajo", ny: "Nyanja", oc: "Occitan", oj: "Ojibwa", om: "Oromo", or: "Odia", os: "Ossetic",
  pa: "Punjabi", pi: "Pali", pl: "Polish", ps: "Pashto", pt: "Portuguese", qu: "Quechua", rm: "Romansh",
  rn: "Rundi", ro: "Romanian", ru: "Russian", rw: "Kinyarwanda", sa: "Sanskrit", sc: "Sardinian",
  sd: "Sindhi", se: "Northern Sami", sg: "Sango", si: "Sinhala", sk: "Slovak", sl: "Slovenian", sm: "Samoan",
  sn: "Shona", so: "Somali", sq: "Albanian", sr: "Serbian", ss: "Swati", st: "Southern Sotho",
  su: "Sundanese", sv: "Swedish", sw: "Swahili", ta: "Tamil", te: "Telugu", tg: "Tajik", th: "Thai",
  ti: "Tigrinya", tk: "Turkmen", tl: "Filipino", tn: "Tswana", to: "Tongan", tr: "Turkish", ts: "Tsonga",
  tt: "Tatar", tw: "Twi", ty: "Tahitian", ug: "Uyghur", uk: "Ukrainian", ur: "Urdu", uz: "Uzbek",
  ve: "Venda", vi: "Vietnamese", vo: "Volapük", wa: "Walloon", wo: "Wolof", xh: "Xhosa", yi: "Yiddish",
  yo: "Yoruba", za: "Zhuang", zh: "Chinese", zu: "Zulu", yue: "Cantonese",
};

export const LANGUAGE_CODES: readonly string[] = Object.keys(ENGLISH_NAMES);

export function isLanguageCode(code: string): boolean {
  return Object.hasOwn(ENGLISH_NAMES, code);
}

/**
 * "Spanish" for "es": in `locale` through Intl.DisplayNames when the runtime knows it, else
 * the English name above, else the code itself.
 */
export function languageName(code: string, locale = "en"): string {
  const english = isLanguageCode(code) ? ENGLISH_NAMES[code]! : null;
  if (locale === "en" && english) return english;
  try {
    return new Intl.DisplayNames([locale], { type: "language", fallback: "none" }).of(code) ?? english ?? code;
  } catch {
    return english ?? code;
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
