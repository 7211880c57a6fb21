// One sentence per security event ("Signed in from Firefox on Windows — new device"), and
// how much attention it deserves.
import { ROLE_LABELS, type Role } from "../../lib/auth.ts";
import { providerName } from "../../lib/oauth.ts";

export type SecurityEvent = {
  action: string;
  /** null for an administrator's action: the admin's device is not shown. */
  device: string | null;
  byYou: boolean;
  /** Done to the account by an administrator (the server sends no IP, device or reason then). */
  byAdministrator?: boolean;
  details: Record<string, unknown>;
};

export type EventTone = "neutral" | "good" | "warning" | "danger";

const str = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function roleLabel(v: unknown): string | null {
  const s = str(v);
  if (!s) return null;
  return (ROLE_LABELS as Record<string, string>)[s as Role] ?? s.toLowerCase();
}

/** "with Google" when the event names a provider (details.provider, or a provider as method). */
function viaProvider(details: Record<string, unknown>, providers: readonly { id: string; label: string }[]): string {
  const name = providerName(str(details.provider), providers) ?? providerName(str(details.method), providers);
  return name ? ` with ${name}` : "";
}

const FAILED_REASONS: Record<string, string> = {
  wrong_password: "wrong password",
  wrong_current_password: "wrong current password in your settings",
  locked: "sign-in was paused after too many failed attempts",
  no_password: "this account has no password",
  credentials_changed: "the password or email changed while signing in",
};

export function describeSecurityEvent(
  e: SecurityEvent,
  providers: readonly { id: string; label: string }[] = [],
): { text: string; tone: EventTone } {
  const d = e.details;
  const from = e.device && e.device !== "Unknown device" ? ` from ${e.device}` : "";
  switch (e.action) {
    case "SIGN_IN":
      return { text: `Signed in${viaProvider(d, providers)}${from}${d.newDevice === true ? " — new device" : ""}`, tone: d.newDevice === true ? "warning" : "neutral" };
    case "SIGN_OUT":
      return { text: `Signed out${from}`, tone: "neutral" };
    case "SIGN_UP":
      return { text: "Account created", tone: "good" };
    case "SIGN_IN_FAILED": {
      const reason = FAILED_REASONS[str(d.reason) ?? ""];
      return { text: `Failed sign-in attempt${reason ? ` — ${reason}` : ""}`, tone: "danger" };
    }
    case "ACCOUNT_LOCKED": {
      const minutes = num(d.minutes) ?? 15;
      return { text: `Account locked for ${plural(minutes, "minute", "minutes")} after too many failed sign-in attempts`, tone: "danger" };
    }
    case "ACCOUNT_UNLOCKED":
      return { text: "Account unlocked with the link from the lockout email", tone: "warning" };
    case "PASSWORD_RESET":
      return { text: "Password reset with an email link", tone: "warning" };
    case "PASSWORD_CHANGED": {
      const ended = num(d.otherSessionsEnded);
      return { text: `Password changed${ended ? ` — signed out on ${plural(ended, "other device", "other devices")}` : ""}`, tone: "warning" };
    }
    case "EMAIL_VERIFIED":
      return { text: "Email address confirmed", tone: "good" };
    case "EMAIL_CHANGE_REQUESTED": {
      const to = str(d.to);
      return { text: to ? `Asked to change the email address to ${to}` : "Asked to change the email address", tone: "warning" };
    }
    case "EMAIL_CHANGED": {
      const fromEmail = str(d.from);
      const to = str(d.to);
      return { text: fromEmail && to ? `Email address changed from ${fromEmail} to ${to}` : "Email address changed", tone: "warning" };
    }
    case "OAUTH_LINKED": {
      const name = providerName(str(d.provider), providers);
      return { text: name ? `${name} linked for signing in` : "A sign-in provider was linked", tone: "warning" };
    }
    case "OAUTH_UNLINKED": {
      const name = providerName(str(d.provider), providers);
      return { text: name ? `${name} unlinked` : "A sign-in provider was unlinked", tone: "neutral" };
    }
    case "SESSION_REVOKED": {
      if (e.byAdministrator) return { text: "Signed out on all devices by an administrator", tone: "warning" };
      if (d.others === true) {
        const ended = num(d.ended);
        return { text: ended === null ? "Signed out on all other devices" : `Signed out on all other devices (${ended})`, tone: "neutral" };
      }
      return { text: d.current === true ? "Signed out this device from the device list" : "Signed out another device from the device list", tone: "neutral" };
    }
    case "USER_DEACTIVATED":
      return { text: e.byYou ? "Account deactivated" : "Account deactivated by an administrator", tone: "danger" };
    case "USER_SUSPENDED": {
      const until = str(d.until);
      const end = until && !Number.isNaN(Date.parse(until)) ? ` until ${new Date(until).toLocaleString()}` : "";
      return { text: `Account suspended by an administrator${end}`, tone: "danger" };
    }
    case "USER_ACTIVATED":
      if (d.automatic === true) return { text: "Suspension ended; the account is active again", tone: "good" };
      return { text: e.byYou ? "Account activated" : "Account reactivated by an administrator", tone: "good" };
    case "ROLE_CHANGED": {
      const fromRole = roleLabel(d.from);
      const toRole = roleLabel(d.to);
      const by = e.byAdministrator ? " by an administrator" : "";
      return { text: fromRole && toRole ? `Account type changed from ${fromRole} to ${toRole}${by}` : `Account type changed${by}`, tone: "warning" };
    }
    default:
      return { text: "Account activity", tone: "neutral" };
  }
}
