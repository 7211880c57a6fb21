// Small pieces the per-type editors share: a titled section and a list's own error line.
import type { ReactNode } from "react";
import { Stack, Text, Title } from "@mantine/core";
import { slugify, type EditorForm } from "./content-form.ts";

export function Section({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  const id = `section-${slugify(title)}`;
  return (
    <Stack gap="sm" component="section" aria-labelledby={id}>
      <div>
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {description && (
          <Text size="sm" c="dimmed">
            {description}
          </Text>
        )}
      </div>
      {children}
    </Stack>
  );
}

export function ListError({ form, path }: { form: EditorForm; path: string }) {
  const e = form.errors[path];
  if (!e) return null;
  return (
    <Text c="red.8" size="sm" role="alert">
      {String(e)}
    </Text>
  );
}
