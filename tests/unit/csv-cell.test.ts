// CSV/formula injection in the audit export: a cell a spreadsheet would evaluate is kept as
// text (prefixed with '), including when invisible or blank characters come before the =.
import { describe, expect, it } from "vitest";
import { csvCell } from "../../server/services/admin/audit-log.ts";

describe("audit CSV cells", () => {
  it.each([
    ["=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"\"http://x\"\")"],
    ["+1+cmd", "'+1+cmd"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
    ["\u00a0=cmd|' /C calc'!A0", "'\u00a0=cmd|' /C calc'!A0"], // non-breaking space
    ["  =1+1", "'  =1+1"],
    ["\u200b=1", "'\u200b=1"], // zero-width space
    ["\ufeff@x", "'\ufeff@x"], // byte-order mark
    ["\u0001\u0002-x", "'\u0001\u0002-x"], // control characters
    ["\u3000+x", "'\u3000+x"], // ideographic space
    ["\u2007=x", "'\u2007=x"], // figure space
    ["\uff1dSUM(A1)", "'\uff1dSUM(A1)"], // full-width =
    ["\n=1", "'\n=1"],
  ])("neutralises %j", (input, cell) => {
    expect(csvCell(input)).toBe(`"${cell}"`);
  });

  it.each([
    ["Firefox 140 on Linux", "Firefox 140 on Linux"],
    ["a=b", "a=b"],
    [" plain text", " plain text"],
    ["", ""],
    [null, ""],
    [{ reason: "=x" }, '{""reason"":""=x""}'],
  ])("leaves %j as text", (input, cell) => {
    expect(csvCell(input)).toBe(`"${cell}"`);
  });
});
