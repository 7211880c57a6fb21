import { SectionCard, type SectionCardProps } from "../../components/section-card.tsx";

/** One card of a settings page. */
export function SettingsSection(props: Omit<SectionCardProps, "compact">) {
  return <SectionCard {...props} />;
}
