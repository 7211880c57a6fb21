// The picture upload control (client/components/image-upload.tsx, here as the company logo):
// what the browser can see is refused before sending, with the server's own messages; a
// chosen image is previewed, then sent as FormData over the real tRPC client; the server's
// refusal is shown; Cancel clears the choice; Remove calls the remove procedure.
import { afterEach, describe, expect, it, vi } from "vitest";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { CompanyLogoUpload } from "../../client/components/company-logo-upload.tsx";
import { paths } from "../../client/lib/paths.ts";
import { fail, stubTrpc } from "./trpc-stub.ts";
import { renderPage } from "./render-page.tsx";

const at = { url: paths.companyProfile, path: paths.companyProfile };
const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

afterEach(() => {
  vi.unstubAllGlobals();
});

const fileInput = (container: HTMLElement) => container.querySelector<HTMLInputElement>('input[type="file"]')!;

describe("image upload", () => {
  it("refuses a file over 2 MB or of another type before sending anything", async () => {
    const user = userEvent.setup({ applyAccept: false });
    const calls = stubTrpc({});
    const { container } = renderPage(<CompanyLogoUpload current={null} />, at);
    expect(screen.getByText("No logo yet")).toBeTruthy();
    await user.upload(fileInput(container), new File([new Uint8Array(2 * 1024 * 1024 + 1)], "big.png", { type: "image/png" }));
    expect((await screen.findByRole("alert")).textContent).toContain("The image is larger than 2 MB");
    await user.upload(fileInput(container), new File(["%PDF-1.4"], "cv.pdf", { type: "application/pdf" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Upload a PNG, JPEG or WebP image");
    expect(screen.queryByRole("button", { name: "Upload" })).toBeNull();
    expect(calls).toEqual([]);
  });

  it("previews the chosen image, sends it as FormData and shows the server's refusal", async () => {
    const user = userEvent.setup();
    const sent: File[] = [];
    const calls = stubTrpc({
      "company.profile.uploadLogo": (input) => {
        const f = (input as unknown as FormData).get("file");
        if (f instanceof File) sent.push(f);
        return fail({ code: "BAD_REQUEST", message: "The image could not be read", appCode: "IMAGE_UNREADABLE", field: "file" });
      },
    });
    const { container } = renderPage(<CompanyLogoUpload current={null} />, at);
    await user.upload(fileInput(container), new File([PNG_BYTES], "logo.png", { type: "image/png" }));
    expect((await screen.findByRole("img", { name: "Company logo: preview of the chosen image" })).getAttribute("src")).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    await user.click(screen.getByRole("button", { name: "Upload" }));
    expect((await screen.findByRole("alert")).textContent).toContain("The image could not be read");
    expect(calls.map((c) => c.path)).toEqual(["company.profile.uploadLogo"]);
    expect(sent.map((f) => [f.name, f.size])).toEqual([["logo.png", PNG_BYTES.length]]);
    // Cancel drops the choice: the placeholder is back.
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.getByText("No logo yet")).toBeTruthy();
  });

  it("shows the current logo and removes it", async () => {
    const user = userEvent.setup();
    const calls = stubTrpc({ "company.profile.removeLogo": { url: null } });
    renderPage(<CompanyLogoUpload current="/api/images/logo-c1-0123456789abcdef0123" />, at);
    expect(screen.getByRole("img", { name: "Company logo" }).getAttribute("src")).toBe("/api/images/logo-c1-0123456789abcdef0123");
    await user.click(screen.getByRole("button", { name: "Remove company logo" }));
    await vi.waitFor(() => expect(calls.map((c) => c.path)).toEqual(["company.profile.removeLogo"]));
  });
});
