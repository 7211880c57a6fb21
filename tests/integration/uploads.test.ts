// Profile pictures and company logos over real HTTP (multipart tRPC calls), on PGlite and a
// real PostgreSQL: oversized, wrong-type (a PDF renamed .png, or sent as image/png) and corrupt
// uploads are refused with a clear message and nothing is stored; a JPEG's EXIF (GPS included)
// is gone from what is stored; images are served with their type, nosniff and an immutable
// cache; replacing deletes the old file, removing works, nobody touches another's picture;
// audit rows; deleting the user deletes the files; the orphan sweep; and company.profile.get /
// update for the company's own row, refused with COMPANY_NOT_VERIFIED before verification.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { IMAGE_MAX_BYTES, IMAGE_ORPHAN_GRACE_MS, imageKeyOfUrl, imageStorage, sweepImageOrphans } from "../../server/services/images/images.ts";
import { UPLOAD_BODY_LIMIT } from "../../server/routes/images.ts";
import { describeEachDatabase } from "../helpers/db.ts";
import { startTestApp, trpcError, type TestApp, type TestClient } from "../helpers/app.ts";

const PASSWORD = "correct horse battery staple";
let seq = 0;
const uniq = () => `${++seq}-${Math.random().toString(36).slice(2, 7)}`;
type Role = "TRAINEE" | "INSTRUCTOR" | "COMPANY" | "ADMIN";

const png = (width = 600, height = 400, background = "#2a9d8f") =>
  sharp({ create: { width, height, channels: 4, background } }).png().toBuffer();
/** A PNG of random pixels (does not compress), so a cut-off copy misses image data. */
const noisyPng = (side = 300) => {
  const px = Buffer.alloc(side * side * 3);
  for (let i = 0; i < px.length; i++) px[i] = (i * 7919 + (i >> 3) * 104729) % 251;
  return sharp(px, { raw: { width: side, height: side, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
};
const PDF = Buffer.from("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");

function form(bytes: Buffer, name: string, type: string) {
  const f = new FormData();
  f.append("file", new File([new Uint8Array(bytes)], name, { type }));
  return f;
}

describeEachDatabase("image uploads", (t) => {
  let app: TestApp;
  let hash: string;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-img-"));
    app = await startTestApp(t.db, { dataDir });
    hash = await hashPassword(PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const store = () => imageStorage(dataDir);
  const filesOf = (userId: string) => fs.readdirSync(path.join(dataDir, "images"), { withFileTypes: true }).filter((d) => d.isFile() && d.name.includes(userId) && !d.name.includes(".")).map((d) => d.name);

  async function signedIn(role: Role = "TRAINEE", opts: { verifiedCompany?: boolean; adminLevel?: number } = {}) {
    const email = `${role.toLowerCase()}-${uniq()}@example.com`;
    const u = await createUser(t.prisma, { email, passwordHash: hash, role, name: `${role} ${seq}`, ...(opts.adminLevel ? { adminAccessLevel: opts.adminLevel } : {}) });
    if (opts.verifiedCompany) await t.prisma.companyProfile.update({ where: { userId: u.id }, data: { isVerified: true, verifiedAt: new Date() } });
    const c = app.client();
    await c.signIn(email, PASSWORD);
    return { id: u.id, email, c };
  }

  async function uploadError(c: TestClient, bytes: Buffer, name: string, type: string) {
    return trpcError(c.trpc.profile.avatar.upload.mutate(form(bytes, name, type)));
  }

  it("refuses oversized, wrong-type and corrupt images with a clear message, and stores nothing", async () => {
    const u = await signedIn();
    fs.mkdirSync(path.join(dataDir, "images"), { recursive: true });
    // A real PNG padded past 2 MB (the body is within the request limit: the procedure decides).
    const big = Buffer.concat([await png(), Buffer.alloc(IMAGE_MAX_BYTES + 1 - (await png()).length)]);
    let e = await uploadError(u.c, big, "big.png", "image/png");
    expect([e.data?.code, e.data?.appCode, e.message]).toEqual(["BAD_REQUEST", "IMAGE_TOO_LARGE", "The image is larger than 2 MB"]);
    // Far past the request limit: refused before the body is read, with the same message.
    const huge = Buffer.alloc(UPLOAD_BODY_LIMIT + 1024, 1);
    e = await uploadError(u.c, huge, "huge.png", "image/png");
    expect([e.data?.httpStatus, e.data?.appCode, e.message]).toEqual([413, "IMAGE_TOO_LARGE", "The image is larger than 2 MB"]);
    // A PDF named .png, and a PDF declared as image/png: the bytes decide.
    for (const [name, type] of [["cv.png", "application/pdf"], ["cv.pdf", "image/png"], ["photo.png", "image/png"]] as const) {
      e = await uploadError(u.c, PDF, name, type);
      expect([e.data?.code, e.data?.appCode, e.message]).toEqual(["BAD_REQUEST", "IMAGE_TYPE", "Upload a PNG, JPEG or WebP image"]);
    }
    // A GIF (a real image, not one we take).
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: "#000" } }).gif().toBuffer();
    expect((await uploadError(u.c, gif, "a.png", "image/png")).message).toBe("Upload a PNG, JPEG or WebP image");
    // A truncated PNG, and PNG signature followed by junk.
    const whole = await noisyPng();
    e = await uploadError(u.c, whole.subarray(0, Math.floor(whole.length / 2)), "half.png", "image/png");
    expect([e.data?.code, e.data?.appCode, e.message]).toEqual(["BAD_REQUEST", "IMAGE_UNREADABLE", "The image could not be read"]);
    const junk = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 7)]);
    expect((await uploadError(u.c, junk, "junk.png", "image/png")).message).toBe("The image could not be read");
    // No file field at all.
    const empty = new FormData();
    empty.append("note", "no file");
    expect((await trpcError(u.c.trpc.profile.avatar.upload.mutate(empty))).data?.appCode).toBe("IMAGE_MISSING");

    expect(filesOf(u.id)).toEqual([]);
    expect((await u.c.trpc.profile.get.query()).avatar).toBeNull();
    expect(await t.prisma.auditLog.count({ where: { userId: u.id, action: "AVATAR_CHANGED" } })).toBe(0);
  });

  it("a multipart request without a Content-Length is refused before it is read; other origins are refused", async () => {
    const u = await signedIn();
    const body = new ReadableStream({
      start(ctl) {
        ctl.enqueue(new TextEncoder().encode("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nabc\r\n--x--\r\n"));
        ctl.close();
      },
    });
    const res = await u.c.fetch("/api/trpc/profile.avatar.upload", { method: "POST", headers: { "content-type": "multipart/form-data; boundary=x" }, body, duplex: "half" } as RequestInit);
    expect(res.status).toBe(411);
    const other = app.client({ origin: "https://evil.example" });
    for (const [k, v] of u.c.cookies) other.cookies.set(k, v);
    const e = await trpcError(other.trpc.profile.avatar.upload.mutate(form(await png(), "a.png", "image/png")));
    expect(e.data?.appCode).toBe("CSRF");
    expect(filesOf(u.id)).toEqual([]);
  });

  it("strips EXIF (GPS included) from a JPEG, resizes it, and serves it with its type, nosniff and an immutable cache", async () => {
    const u = await signedIn();
    const jpeg = await sharp({ create: { width: 900, height: 600, channels: 3, background: "#e76f51" } })
      .jpeg()
      .withExif({ IFD0: { Make: "TestCam", Model: "Spy 1" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "52/1 22/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "4/1 53/1 0/1" } })
      .toBuffer();
    const before = await sharp(jpeg).metadata();
    expect(before.exif?.includes("TestCam")).toBe(true);
    expect(before.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true); // the GPS IFD pointer (tag 0x8825)

    const { url } = await u.c.trpc.profile.avatar.upload.mutate(form(jpeg, "holiday.jpg", "image/jpeg"));
    expect(url).toMatch(new RegExp(`^/api/images/avatar-${u.id}-[0-9a-f]{20}$`));
    expect((await u.c.trpc.profile.get.query()).avatar).toBe(url);
    expect((await u.c.trpc.auth.me.query())?.avatar).toBe(url);

    // Anyone may fetch it (not secret), signed in or not.
    const res = await app.client().fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/webp");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const served = Buffer.from(await res.arrayBuffer());
    const after = await sharp(served).metadata();
    expect([after.format, after.width, after.height]).toEqual(["webp", 256, 256]);
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(served.includes("TestCam")).toBe(false);

    // No path can be named: only keys of the app's own shape are looked up.
    for (const bad of ["/api/images/..%2F..%2Fetc%2Fpasswd", "/api/images/avatar-x", `/api/images/${path.basename(url)}.meta.json`, "/api/images/%2e%2e"]) {
      const r = await app.client().fetch(bad);
      expect([bad, r.status]).toEqual([bad, 404]);
    }
  });

  it("replacing deletes the old file; removing clears it; another user cannot remove mine; audited", async () => {
    const a = await signedIn();
    const b = await signedIn();
    const first = (await a.c.trpc.profile.avatar.upload.mutate(form(await png(300, 300, "#111111"), "a.png", "image/png"))).url;
    const second = (await a.c.trpc.profile.avatar.upload.mutate(form(await png(300, 300, "#222222"), "b.webp", "image/webp"))).url;
    expect(second).not.toBe(first);
    expect(await store().stat(imageKeyOfUrl(first)!)).toBeNull();
    expect((await app.client().fetch(first)).status).toBe(404);
    expect(filesOf(a.id)).toEqual([imageKeyOfUrl(second)]);

    // B removes B's own (none): A's stays. There is no way to name A's picture.
    expect(await b.c.trpc.profile.avatar.remove.mutate()).toEqual({ url: null });
    expect((await a.c.trpc.profile.get.query()).avatar).toBe(second);
    expect((await app.client().fetch(second)).status).toBe(200);
    const hijack = await b.c.fetch("/api/trpc/profile.avatar.remove", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: { userId: a.id } }) });
    expect(hijack.status).toBeLessThan(500);
    expect((await a.c.trpc.profile.get.query()).avatar).toBe(second);

    await a.c.trpc.profile.avatar.remove.mutate();
    expect((await a.c.trpc.profile.get.query()).avatar).toBeNull();
    expect((await a.c.trpc.auth.me.query())?.avatar).toBeUndefined();
    expect(filesOf(a.id)).toEqual([]);

    const audits = await t.prisma.auditLog.findMany({ where: { userId: a.id, action: "AVATAR_CHANGED" }, orderBy: { createdAt: "asc" }, select: { details: true } });
    expect(audits.map((x) => x.details)).toEqual([
      { kind: "avatar", change: "added" },
      { kind: "avatar", change: "replaced" },
      { kind: "avatar", change: "removed" },
    ]);
    expect(await t.prisma.auditLog.count({ where: { userId: b.id, action: "AVATAR_CHANGED" } })).toBe(0);
  });

  it("two uploads at once leave exactly one file: the one the profile points at", async () => {
    const u = await signedIn();
    const images = await Promise.all(["#a00000", "#00a000", "#0000a0", "#a0a000"].map((c) => png(200, 200, c)));
    await Promise.all(images.map((img, i) => u.c.trpc.profile.avatar.upload.mutate(form(img, `${i}.png`, "image/png"))));
    const current = (await u.c.trpc.profile.get.query()).avatar;
    expect(filesOf(u.id)).toEqual([imageKeyOfUrl(current)]);
  });

  it("a company uploads a logo before verification; company.profile.get/update need verification and touch only its own row", async () => {
    const co = await signedIn("COMPANY");
    const other = await signedIn("COMPANY", { verifiedCompany: true });
    // Unverified: the profile procedures say why; the logo upload works (the admin reviews it).
    // One call at a time: a second promise made up front could reject before it is awaited.
    for (const call of [() => co.c.trpc.company.profile.get.query(), () => co.c.trpc.company.profile.update.mutate({ industry: "Retail" })]) {
      const e = await trpcError(call());
      expect([e.data?.code, e.data?.appCode]).toEqual(["FORBIDDEN", "COMPANY_NOT_VERIFIED"]);
    }
    const wide = await sharp({ create: { width: 1200, height: 400, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const { url } = await co.c.trpc.company.profile.uploadLogo.mutate(form(wide, "logo.png", "image/png"));
    expect(url).toMatch(new RegExp(`^/api/images/logo-${co.id}-[0-9a-f]{20}$`));
    const meta = await sharp(Buffer.from(await (await app.client().fetch(url)).arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height, meta.hasAlpha]).toEqual(["webp", 512, 171, true]);
    expect((await co.c.trpc.profile.professional.query()).company?.companyLogo).toBe(url);
    const audit = await t.prisma.auditLog.findFirstOrThrow({ where: { userId: co.id, action: "AVATAR_CHANGED" }, select: { details: true } });
    expect(audit.details).toEqual({ kind: "logo", change: "added" });
    // A trainee has no logo to upload.
    const trainee = await signedIn();
    expect((await trpcError(trainee.c.trpc.company.profile.uploadLogo.mutate(form(wide, "l.png", "image/png")))).data?.code).toBe("FORBIDDEN");
    expect((await trpcError(trainee.c.trpc.company.profile.get.query())).data?.code).toBe("FORBIDDEN");

    // Verified: reads and edits its own profile; the other company's row is untouched.
    await t.prisma.companyProfile.update({ where: { userId: co.id }, data: { isVerified: true, verifiedAt: new Date() } });
    const saved = await co.c.trpc.company.profile.update.mutate({ companyName: "Initech", industry: "Software", companySize: "11-50", website: "https://initech.example", country: "us", description: "TPS reports.", address: "" });
    expect(saved).toEqual({ companyName: "Initech", companyLogo: url, industry: "Software", companySize: "11-50", website: "https://initech.example", country: "US", description: "TPS reports.", address: null });
    expect(await co.c.trpc.company.profile.get.query()).toMatchObject({ ...saved, isVerified: true });
    const bad = await trpcError(co.c.trpc.company.profile.update.mutate({ website: "javascript:alert(1)" }));
    expect(bad.data?.fieldErrors).toHaveProperty("website");
    const pu = await t.prisma.auditLog.findFirstOrThrow({ where: { userId: co.id, action: "PROFILE_UPDATED" }, select: { details: true } });
    expect(pu.details).toMatchObject({ kind: "company" });
    expect((await other.c.trpc.company.profile.get.query()).companyName).not.toBe("Initech");
    expect((await other.c.trpc.company.profile.get.query()).companyLogo).toBeNull();

    // Removing the logo clears it and deletes the file.
    await co.c.trpc.company.profile.removeLogo.mutate();
    expect((await co.c.trpc.company.profile.get.query()).companyLogo).toBeNull();
    expect(filesOf(co.id)).toEqual([]);
  });

  it("uploads are rate-limited per user (avatar and logo together)", async () => {
    const co = await signedIn("COMPANY");
    // Refused uploads count too: the limit is taken before the bytes are looked at.
    for (let i = 0; i < 10; i++) expect((await uploadError(co.c, PDF, "x.png", "image/png")).data?.appCode).toBe("IMAGE_TYPE");
    for (let i = 0; i < 10; i++) expect((await trpcError(co.c.trpc.company.profile.uploadLogo.mutate(form(PDF, "x.png", "image/png")))).data?.appCode).toBe("IMAGE_TYPE");
    const e = await trpcError(co.c.trpc.profile.avatar.upload.mutate(form(await png(), "ok.png", "image/png")));
    expect([e.data?.code, e.data?.appCode]).toEqual(["TOO_MANY_REQUESTS", "RATE_LIMITED"]);
    // Another user is not affected.
    const other = await signedIn();
    expect((await other.c.trpc.profile.avatar.upload.mutate(form(await png(), "ok.png", "image/png"))).url).toMatch(/^\/api\/images\/avatar-/);
  });

  it("deleting a user deletes their pictures; the sweep removes files no profile points at", async () => {
    const admin = await signedIn("ADMIN", { adminLevel: 3 });
    const co = await signedIn("COMPANY");
    await co.c.trpc.profile.avatar.upload.mutate(form(await png(), "me.png", "image/png"));
    await co.c.trpc.company.profile.uploadLogo.mutate(form(await png(800, 200), "logo.png", "image/png"));
    expect(filesOf(co.id)).toHaveLength(2);
    await admin.c.trpc.admin.users.delete.mutate({ userId: co.id });
    expect(filesOf(co.id)).toEqual([]);

    // A file whose upload never reached its row (a crash between the two): old ones go, new ones stay.
    const u = await signedIn();
    const kept = (await u.c.trpc.profile.avatar.upload.mutate(form(await png(), "k.png", "image/png"))).url;
    const orphanKey = `avatar-${u.id}-${"0".repeat(20)}`;
    const youngKey = `avatar-${u.id}-${"1".repeat(20)}`;
    await store().put(orphanKey, await png(), "image/webp");
    await store().put(youngKey, await png(), "image/webp");
    const old = new Date(Date.now() - IMAGE_ORPHAN_GRACE_MS - 60_000);
    fs.utimesSync(path.join(dataDir, "images", orphanKey), old, old);
    fs.utimesSync(path.join(dataDir, "images", imageKeyOfUrl(kept)!), old, old);
    expect(await sweepImageOrphans(t.prisma, store())).toBeGreaterThanOrEqual(1);
    expect(filesOf(u.id).sort()).toEqual([imageKeyOfUrl(kept), youngKey].sort());
  });
});
