import { z } from "zod";
import { isLanguageCode } from "../languages.ts";

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} has at most ${max} characters`)
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional();

const optionalUrl = (label: string) =>
  z
    .string()
    .trim()
    .max(2048, `${label} is too long`)
    .refine((v) => v === "" || /^https?:\/\/[^\s]+$/i.test(v), `${label} must be an http(s) address`)
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional();

/**
 * The interface languages HireXp can show. English only for now: the profile offers no
 * choice until a translation exists, and the server refuses any other value.
 */
export const INTERFACE_LANGUAGES = ["en"] as const;
const THEMES = ["light", "dark", "auto"] as const;

/** Preferences as stored; reading is lenient (an old "es" reads as "en", which is what is shown). */
export const PreferencesSchema = z
  .object({
    emailNotifications: z.boolean().default(true),
    smsNotifications: z.boolean().default(false),
    marketingEmails: z.boolean().default(false),
    theme: z.enum(THEMES).default("auto"),
    language: z.enum(INTERFACE_LANGUAGES).default("en").catch("en"),
  })
  .strict();
export type Preferences = z.infer<typeof PreferencesSchema>;

/** What a user may change in their preferences: only values the app honours. */
const PreferencesUpdateSchema = z
  .object({
    emailNotifications: z.boolean(),
    smsNotifications: z.boolean(),
    marketingEmails: z.boolean(),
    theme: z.enum(THEMES),
    language: z.enum(INTERFACE_LANGUAGES, { message: "HireXp is available in English only for now" }),
  })
  .partial()
  .strict();

const tagList = (label: string) =>
  z
    .array(z.string().trim().min(1).max(64, `Each ${label} has at most 64 characters`))
    .max(50, `At most 50 ${label}s`)
    .transform((xs) => [...new Set(xs)]);

/** Languages a person speaks: ISO 639 codes from shared/languages.ts ("en", "es", "yue"). */
export const LanguageCodes = z
  .array(
    z
      .string()
      .trim()
      .toLowerCase()
      .max(8, "Choose languages from the list")
      .refine(isLanguageCode, { error: (issue) => `Choose languages from the list (“${String(issue.input)}” is not a language code)` }),
  )
  .max(50, "At most 50 languages")
  .transform((xs) => [...new Set(xs)]);

/**
 * Every field a user may change about themselves; role, status etc. are not here on purpose,
 * nor is the avatar: it is uploaded (profile.avatar.upload), never an outside URL.
 */
export const ProfileUpdateInput = z
  .object({
    name: z.string().trim().min(1, "Enter your name").max(255, "A name has at most 255 characters").optional(),
    bio: optionalText(2000, "Bio"),
    phone: z
      .string()
      .trim()
      .max(20, "A phone number has at most 20 characters")
      .refine((v) => v === "" || /^\+?[0-9 ()-]{4,20}$/.test(v), "Use digits, spaces and + ( ) - only")
      .transform((v) => (v === "" ? null : v))
      .nullable()
      .optional(),
    timezone: z
      .string()
      .trim()
      .max(64)
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat("en", { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, "Choose a valid time zone")
      .optional(),
    languages: LanguageCodes.optional(),
    skills: tagList("skill").optional(),
    location: optionalText(255, "Location"),
    linkedIn: optionalUrl("LinkedIn URL"),
    github: optionalUrl("GitHub URL"),
    website: optionalUrl("Website"),
    preferences: PreferencesUpdateSchema.optional(),
  })
  .strict();
export type ProfileUpdateInput = z.input<typeof ProfileUpdateInput>;
