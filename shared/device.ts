// A readable device name from a user agent ("Chrome 156 on Linux"), for the device list
// and the security events page.
import Bowser from "bowser";

export function describeDevice(userAgent: string | null | undefined): string {
  if (!userAgent) return "Unknown device";
  try {
    const r = Bowser.parse(userAgent);
    const browser = r.browser.name ? `${r.browser.name}${r.browser.version ? ` ${r.browser.version.split(".")[0]}` : ""}` : null;
    const os = r.os.name ? `${r.os.name}${r.os.versionName ? ` ${r.os.versionName}` : ""}` : null;
    if (browser && os) return `${browser} on ${os}`;
    return browser ?? os ?? userAgent.slice(0, 60);
  } catch {
    return userAgent.slice(0, 60);
  }
}
