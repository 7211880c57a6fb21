import type { ReactNode } from "react";
import { DataList } from "@mantine/core";
import { SectionCard, type SectionCardProps } from "../../components/section-card.tsx";

/** A card of an admin page: a heading (which names the section), a line about it, content. */
export function AdminSection(props: Omit<SectionCardProps, "compact" | "tone">) {
  return <SectionCard compact {...props} />;
}

/** One label and value of a DataList. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}
