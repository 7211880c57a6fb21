// One item as a JSON file, for authoring in bulk: export writes
// {type, title, description, category, difficulty, data}; import checks a file with the same
// ContentInput schema the API uses and lists what is wrong (path and message).
import { ContentInput } from "../../../shared/schemas/content.ts";
import { problemsOf, slugify, toContentInput, type EditorValues, type Problem } from "./content-form.ts";

export type ExportedItem = { type: string; title: string; description: string; category: string; difficulty: string; data: unknown };

export function exportedItem(values: EditorValues): ExportedItem {
  const input = toContentInput(values);
  return { type: input.type, title: input.title, description: input.description ?? "", category: input.category, difficulty: input.difficulty, data: input.data };
}

/** Starts the download of the item as `<title>.json`. */
export function downloadItem(values: EditorValues): void {
  const blob = new Blob([`${JSON.stringify(exportedItem(values), null, 2)}\n`], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = `${slugify(values.title) || "content"}.json`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export type ImportResult = { ok: true; item: ContentInput } | { ok: false; problems: Problem[] };

/** Reads and checks an imported file's text. */
export function parseImport(text: string): ImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [{ path: "(file)", message: `This is not a JSON file: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  const r = ContentInput.safeParse(json);
  if (r.success) return { ok: true, item: r.data };
  const problems = problemsOf(json);
  return { ok: false, problems: problems.map((p) => ({ ...p, path: p.path || "(file)" })) };
}

/** A file's text (File.text() where the browser has it, FileReader otherwise). */
export function readFileText(file: File): Promise<string> {
  if (typeof file.text === "function") return file.text();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}
