// A cookie-keeping "browser" for OAuth flows in tests: fetch with one cookie jar per origin,
// redirects followed by hand so each hop can be checked.

/**
 * A cookie-keeping HTTP client that follows no redirect by itself: one cookie jar per
 * origin (enough for these tests: no Domain cookies, and names do not clash across paths).
 * `headers` is sent to every request (e.g. X-Forwarded-For for our app's per-IP limits).
 */
export class TestBrowser {
  readonly jars = new Map<string, Map<string, string>>();

  constructor(readonly headers: Readonly<Record<string, string>> = {}) {}

  jar(origin: string): Map<string, string> {
    let j = this.jars.get(origin);
    if (!j) this.jars.set(origin, (j = new Map()));
    return j;
  }

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const u = new URL(url);
    const jar = this.jar(u.origin);
    const headers: Record<string, string> = { ...this.headers };
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    let body: string | undefined;
    if (init.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(u, { method: init.method ?? (body ? "POST" : "GET"), headers, body, redirect: "manual" });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1);
      if (!value || /expires=Thu, 01 Jan 1970/i.test(c) || /max-age=0\b/i.test(c)) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  }

  /** The absolute Location of a redirect response (fails the test if it is not one). */
  static location(res: Response, base: string): string {
    const loc = res.headers.get("location");
    if (res.status < 300 || res.status >= 400 || !loc) throw new Error(`expected a redirect from ${base}, got ${res.status}`);
    return new URL(loc, base).toString();
  }
}
