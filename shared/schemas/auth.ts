import { z } from "zod";
import { EmailSchema, NameSchema, PasswordSchema, TokenSchema } from "./fields.ts";

export const SIGN_UP_ROLES = ["TRAINEE", "INSTRUCTOR", "COMPANY"] as const;

export const SignUpInput = z
  .object({
    email: EmailSchema,
    password: PasswordSchema,
    name: NameSchema,
    role: z.enum(SIGN_UP_ROLES).default("TRAINEE"),
    companyName: z.string().trim().max(255, "A company name has at most 255 characters").optional(),
  })
  .superRefine((v, ctx) => {
    if (v.role === "COMPANY" && !v.companyName) {
      ctx.addIssue({ code: "custom", path: ["companyName"], message: "Enter your company's name" });
    }
  });
export type SignUpInput = z.input<typeof SignUpInput>;

export const SignInInput = z.object({
  email: EmailSchema,
  // Any length is accepted here so a too-long guess gets the same generic answer.
  password: z.string().min(1, "Enter your password").max(1024),
});

export const VerifyEmailInput = z.object({ token: TokenSchema });
export const RequestPasswordResetInput = z.object({ email: EmailSchema });
export const ResetPasswordInput = z.object({ token: TokenSchema, password: PasswordSchema });
export const ChangePasswordInput = z.object({
  currentPassword: z.string().min(1, "Enter your current password").max(1024),
  newPassword: PasswordSchema,
});

/** Stable machine codes carried in error data (`error.data.code` on the client). */
export const AUTH_ERROR_CODES = {
  INVALID_CREDENTIALS: "INVALID_CREDENTIALS",
  ACCOUNT_SUSPENDED: "ACCOUNT_SUSPENDED",
  ACCOUNT_DEACTIVATED: "ACCOUNT_DEACTIVATED",
  EMAIL_NOT_VERIFIED: "EMAIL_NOT_VERIFIED",
  ACCOUNT_INACTIVE: "ACCOUNT_INACTIVE",
  WEAK_PASSWORD: "WEAK_PASSWORD",
  INVALID_TOKEN: "INVALID_TOKEN",
  RATE_LIMITED: "RATE_LIMITED",
  CSRF: "CSRF",
  REAUTH_REQUIRED: "REAUTH_REQUIRED",
  SAME_EMAIL: "SAME_EMAIL",
  EMAIL_TAKEN: "EMAIL_TAKEN",
  LAST_SIGN_IN_METHOD: "LAST_SIGN_IN_METHOD",
  NOT_LINKED: "NOT_LINKED",
  SELF_ACTION: "SELF_ACTION",
  LAST_ADMIN: "LAST_ADMIN",
  ADMIN_LEVEL: "ADMIN_LEVEL",
} as const;
export type AuthErrorCode = keyof typeof AUTH_ERROR_CODES;

export const RequestEmailChangeInput = z.object({
  newEmail: EmailSchema,
  /** Required when the account has a password; password-less accounts need a recent sign-in. */
  password: z.string().max(1024).optional(),
});
export const ConfirmEmailChangeInput = z.object({ token: TokenSchema });
export const DeactivateInput = z.object({
  password: z.string().max(1024).optional(),
  reason: z.string().trim().max(500, "At most 500 characters").optional(),
});
export const RevokeSessionInput = z.object({ id: z.string().min(1).max(64) });
export const SecurityEventsInput = z.object({ cursor: z.string().max(64).optional() }).optional();

/** The lockout mail's one-time link (auth.unlockAccount). */
export const UnlockAccountInput = z.object({ token: TokenSchema });
