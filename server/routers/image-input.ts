// The input of an image upload procedure: multipart/form-data with the picture in a `file`
// field (tRPC 11 passes FormData inputs through untransformed; the SPA sends them over
// httpLink, client/lib/trpc.ts). The body's size is bounded before it is read
// (routes/images.ts, multipartBodyLimit); the bytes are checked by services/images.
import { z } from "zod";
import { AppError } from "../services/errors.ts";
import { IMAGE_MAX_BYTES, imageTooLarge } from "../services/images/images.ts";

export const ImageUploadInput = z.instanceof(FormData, { message: "Send the image as multipart/form-data with a file field" });

/** The bytes of the `file` field, refused when missing or over the size limit before they are read. */
export async function imageBytesOf(form: FormData): Promise<Buffer> {
  const file = form.get("file");
  if (!(file instanceof Blob)) throw new AppError("invalid", "IMAGE_MISSING", "Choose an image to upload", { field: "file" });
  if (file.size > IMAGE_MAX_BYTES) throw imageTooLarge();
  return Buffer.from(await file.arrayBuffer());
}
