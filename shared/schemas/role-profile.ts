// The parts of a profile only instructors or companies have, which an administrator reviews
// before verifying them: an instructor's specializations, certifications and years of
// experience; a company's name, industry, size, website, description, address and country.
import { z } from "zod";

const list = (label: string) =>
  z
    .array(z.string().trim().min(1, `A ${label} cannot be empty`).max(120, `Each ${label} has at most 120 characters`))
    .max(30, `At most 30 ${label}s`)
    .transform((xs) => [...new Set(xs)]);

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} has at most ${max} characters`)
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional();

export const InstructorProfileUpdateInput = z
  .object({
    specializations: list("specialization").optional(),
    certifications: list("certification").optional(),
    yearsOfExperience: z.number({ error: "Enter a number of years" }).int("Whole years").min(0, "0 or more years").max(70, "At most 70 years").nullable().optional(),
  })
  .strict();
export type InstructorProfileUpdateInput = z.input<typeof InstructorProfileUpdateInput>;

export const COMPANY_SIZES = ["1-10", "11-50", "51-200", "201-500", "501-1000", "1000+"] as const;

export const CompanyProfileUpdateInput = z
  .object({
    companyName: z.string().trim().min(1, "Enter your company's name").max(255, "A company name has at most 255 characters").optional(),
    industry: optionalText(120, "Industry"),
    companySize: z.enum(COMPANY_SIZES, { error: `Choose a size: ${COMPANY_SIZES.join(", ")}` }).nullable().optional(),
    website: z
      .string()
      .trim()
      .max(2048, "Website is too long")
      .refine((v) => v === "" || /^https?:\/\/[^\s]+$/i.test(v), "Website must be an http(s) address")
      .transform((v) => (v === "" ? null : v))
      .nullable()
      .optional(),
    description: optionalText(5000, "The description"),
    address: optionalText(500, "The address"),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .refine((v) => v === "" || /^[A-Z]{2}$/.test(v), "Use the two-letter country code (e.g. NL, US)")
      .transform((v) => (v === "" ? null : v))
      .nullable()
      .optional(),
  })
  .strict();
export type CompanyProfileUpdateInput = z.input<typeof CompanyProfileUpdateInput>;
