import { Anchor } from "@mantine/core";

/** The first thing a keyboard user reaches: jumps past the header to the page content. */
export function SkipLink() {
  return (
    <Anchor
      href="#main"
      onClick={(e) => {
        e.preventDefault();
        document.getElementById("main")?.focus();
      }}
      style={{ position: "absolute", left: 8, top: -48, zIndex: 1000, padding: "8px 12px", background: "var(--mantine-color-body)", borderRadius: 6 }}
      onFocus={(e) => (e.currentTarget.style.top = "8px")}
      onBlur={(e) => (e.currentTarget.style.top = "-48px")}
    >
      Skip to content
    </Anchor>
  );
}
