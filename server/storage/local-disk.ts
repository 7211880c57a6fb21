// The local-disk Storage (see storage.ts for the contract): one file per object under `root`,
// named by its key, mode 0600, in a folder made with mode 0700, and a `<key>.meta.json` beside
// it holding the content type. Keys cannot hold a dot, so no key names a sidecar or a temporary
// file. A put writes to a temporary file in the same folder and renames it into place, so a
// reader sees the old object or the new one, never a half-written file; createdAt is the
// file's modification time (the moment the put finished).
import crypto from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { checkKey, type ByteRange, type Storage, type StoredObject } from "./storage.ts";

const META = ".meta.json";

export class LocalDiskStorage implements Storage {
  constructor(readonly root: string) {}

  private file(key: string) {
    return path.join(this.root, checkKey(key));
  }

  private async ensureRoot() {
    await fsp.mkdir(this.root, { recursive: true, mode: 0o700 });
  }

  async put(key: string, body: Readable | Buffer, contentType: string): Promise<number> {
    const target = this.file(key);
    // An error before the pipeline below is attached is still seen by it (stream.errored);
    // without a listener meanwhile it would be an uncaught 'error' event.
    if (!Buffer.isBuffer(body)) body.on("error", () => {});
    await this.ensureRoot();
    const tmp = path.join(this.root, `.tmp-${crypto.randomUUID()}`);
    try {
      await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, fs.createWriteStream(tmp, { flags: "wx", mode: 0o600 }));
      await fsp.writeFile(`${tmp}${META}`, JSON.stringify({ contentType }), { flag: "wx", mode: 0o600 });
      await fsp.rename(`${tmp}${META}`, `${target}${META}`);
      await fsp.rename(tmp, target);
      return (await fsp.stat(target)).size;
    } catch (e) {
      await Promise.all([fsp.rm(tmp, { force: true }), fsp.rm(`${tmp}${META}`, { force: true })]);
      throw e;
    }
  }

  async stat(key: string): Promise<Omit<StoredObject, "key"> | null> {
    const file = this.file(key);
    let st: fs.Stats;
    try {
      st = await fsp.stat(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
    return { size: st.size, createdAt: st.mtime, contentType: await this.contentType(key) };
  }

  private async contentType(key: string): Promise<string> {
    try {
      const meta = JSON.parse(await fsp.readFile(`${this.file(key)}${META}`, "utf8")) as { contentType?: unknown };
      if (typeof meta.contentType === "string") return meta.contentType;
    } catch {
      // no sidecar (or a broken one): bytes without a known type
    }
    return "application/octet-stream";
  }

  async get(key: string, range?: ByteRange) {
    const file = this.file(key);
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(file, "r");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
    try {
      const st = await handle.stat();
      const contentType = await this.contentType(key);
      // The stream owns the open handle: a file deleted meanwhile is still read to the end.
      const stream = handle.createReadStream(range ? { start: range.start, end: range.end } : {});
      return { stream, size: st.size, createdAt: st.mtime, contentType };
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  async delete(key: string): Promise<boolean> {
    const file = this.file(key);
    let deleted = true;
    try {
      await fsp.unlink(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      deleted = false;
    }
    await fsp.rm(`${file}${META}`, { force: true });
    return deleted;
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    let names: string[];
    try {
      names = await fsp.readdir(this.root);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
      throw e;
    }
    for (const name of names.sort()) {
      if (!name.startsWith(prefix) || name.includes(".")) continue;
      const s = await this.stat(name).catch(() => null);
      if (s) yield { key: name, ...s };
    }
  }
}
