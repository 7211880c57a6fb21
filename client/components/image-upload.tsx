// Choose, preview, upload and remove a picture (a profile avatar, a company logo). The file
// goes to the server as FormData (client/lib/trpc.ts sends it over httpLink); the server checks
// the bytes and remakes the image, so the checks here (size, type) only save a pointless
// upload and say the same as the server would. Keyboard: the file button, Upload, Cancel and
// Remove are ordinary buttons; the chosen file's preview is shown before anything is sent.
import { useEffect, useState } from "react";
import { Avatar, Button, FileInput, Group, Image, Stack, Text } from "@mantine/core";
import { errorMessage } from "../lib/trpc.ts";
import { FormAlert } from "./form-alert.tsx";

export const IMAGE_MAX_BYTES = 2 * 1024 * 1024;
const ACCEPT = "image/png,image/jpeg,image/webp";

/** The message the server would give, for what the browser can see before sending. */
export function imageProblem(file: File): string | null {
  if (file.size > IMAGE_MAX_BYTES) return "The image is larger than 2 MB";
  if (file.type && !ACCEPT.split(",").includes(file.type)) return "Upload a PNG, JPEG or WebP image";
  return null;
}

export type ImageUploadProps = {
  /** The input's label, e.g. "Profile picture" or "Company logo". */
  label: string;
  /** The current picture's URL, or null. */
  current: string | null;
  /** round = an avatar (initials when there is none); square = a logo. */
  shape: "round" | "square";
  /** Shown in the round placeholder when there is no picture. */
  initials?: string;
  upload: (form: FormData) => Promise<unknown>;
  remove: () => Promise<unknown>;
};

export function ImageUpload({ label, current, shape, initials, upload, remove }: ImageUploadProps) {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<"upload" | "remove" | null>(null);

  // A data: URL (the CSP allows data: images, not blob:), read from the chosen file.
  useEffect(() => {
    setPreview(null);
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => setPreview(typeof reader.result === "string" ? reader.result : null);
    reader.readAsDataURL(file);
    return () => reader.abort();
  }, [file]);

  const choose = (f: File | null) => {
    setProblem(f ? imageProblem(f) : null);
    setFile(f && !imageProblem(f) ? f : null);
  };

  const send = async () => {
    if (!file) return;
    const form = new FormData();
    form.append("file", file);
    setBusy("upload");
    try {
      await upload(form);
      setFile(null);
      setProblem(null);
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const drop = async () => {
    setBusy("remove");
    try {
      await remove();
      setProblem(null);
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const shown = preview ?? current;
  const alt = preview ? `${label}: preview of the chosen image` : current ? label : undefined;
  return (
    <Stack gap="xs">
      <Group align="flex-start" wrap="nowrap" gap="lg">
        {shape === "round" ? (
          <Avatar src={shown} size={88} radius="xl" alt={alt} color="cyan">
            {initials ?? "?"}
          </Avatar>
        ) : shown ? (
          <Image src={shown} alt={alt} w={120} h={120} fit="contain" radius="sm" bd="1px solid var(--mantine-color-default-border)" />
        ) : (
          <Stack w={120} h={120} justify="center" align="center" style={{ border: "1px dashed var(--mantine-color-default-border)", borderRadius: 4 }}>
            <Text size="xs" c="dimmed" ta="center">
              No logo yet
            </Text>
          </Stack>
        )}
        <Stack gap="xs" style={{ flex: 1 }}>
          <FileInput
            label={label}
            description="PNG, JPEG or WebP, at most 2 MB. We resize it and remove hidden details such as the location a photo was taken."
            placeholder="Choose an image"
            // Mantine's placeholder grey is below the 4.5:1 contrast this text needs.
            styles={{ placeholder: { color: "var(--mantine-color-text)" } }}
            accept={ACCEPT}
            value={file}
            onChange={choose}
            clearable
            clearButtonProps={{ "aria-label": "Clear the chosen image" }}
            disabled={busy !== null}
          />
          <Group gap="xs">
            {file && (
              <>
                <Button size="xs" onClick={() => void send()} loading={busy === "upload"}>
                  Upload
                </Button>
                <Button size="xs" variant="default" onClick={() => choose(null)} disabled={busy !== null}>
                  Cancel
                </Button>
              </>
            )}
            {!file && current && (
              <Button size="xs" variant="subtle" color="red" onClick={() => void drop()} loading={busy === "remove"}>
                Remove {label.toLowerCase()}
              </Button>
            )}
          </Group>
        </Stack>
      </Group>
      {problem && <FormAlert title="Image not saved">{problem}</FormAlert>}
    </Stack>
  );
}
