import {
  createTheme,
  DEFAULT_THEME,
  type AnchorProps,
  type MantineColorsTuple,
  type MenuProps,
  type ModalProps,
  type NotificationProps,
  type PasswordInputProps,
} from "@mantine/core";

// Component defaults as plain objects, not `Modal.extend(…)`: `extend` only returns its argument,
// and importing the components here would put every one of them (Select, TagsInput, Menu, Modal…)
// in the first page's JavaScript (see docs/decisions/020-lazy-routes-and-aot-server.md).
const defaults = <P>(defaultProps: Partial<P>) => ({ defaultProps });

// No "*" after labels: the fields a form needs are few and obvious, screen readers still
// hear "required" from the attribute, and a label reads exactly as written ("Email").
const noAsterisk = { defaultProps: { withAsterisk: false } };

/**
 * Mantine's palette with its two darkest shades replaced, so that text passes WCAG AA
 * (4.5:1) wherever Mantine uses them in the light scheme: filled buttons and badges (white
 * on shade 8, the primary shade), links and coloured text (shade 8 on white or gray.0), and
 * "light" badges and alerts (shade 9 on shade 1). Shades 0-7 (tints, dots, charts) stay.
 */
function withDarkEnd(name: "cyan" | "teal" | "green" | "orange" | "yellow" | "red", shade8: string, shade9: string): MantineColorsTuple {
  const c: MantineColorsTuple = DEFAULT_THEME.colors[name];
  return [c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], shade8, shade9];
}

// Contrast, in the light scheme: white on 8 / 8 on gray.0 / 9 on 1 (the defaults' were as low
// as 3.0 / 2.5 / 2.7, for yellow).
const colors = {
  cyan: withDarkEnd("cyan", "#0b7285", "#095c6b"), // 5.6 / 5.3 / 6.5
  teal: withDarkEnd("teal", "#087f5b", "#066649"), // 5.0 / 4.8 / 6.0
  green: withDarkEnd("green", "#237032", "#1b5e20"), // 6.1 / 5.8 / 6.9
  orange: withDarkEnd("orange", "#c2410c", "#9a3412"), // 5.2 / 4.9 / 6.2
  yellow: withDarkEnd("yellow", "#a16207", "#854d0e"), // 4.9 / 4.7 / 6.1
  red: withDarkEnd("red", "#c92a2a", "#a51d1d"), // 5.5 / 5.2 / 6.2
};

// Calm and professional: Mantine's defaults with a teal-cyan primary. The dimmed text and
// error colours are set in layout.css (CSS variables), darker than Mantine's for contrast.
export const theme = createTheme({
  colors,
  primaryColor: "cyan",
  primaryShade: { light: 8, dark: 6 },
  defaultRadius: "md",
  fontFamily: "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  headings: { fontWeight: "650" },
  cursorType: "pointer",
  components: {
    // Links are underlined: colour alone does not set them apart from the text around them.
    Anchor: defaults<AnchorProps>({ underline: "always" }),
    // A dialog's close button says what it does; its title bar is not a second page banner
    // (Mantine renders it as <header>, which would be one).
    Modal: defaults<ModalProps>({ closeButtonProps: { "aria-label": "Close" }, attributes: { header: { role: "none" } } }),
    // No focus placeholder (role="presentation") among a menu's items: ARIA allows only items there.
    Menu: defaults<MenuProps>({ withInitialFocusPlaceholder: false }),
    Notification: defaults<NotificationProps>({ closeButtonProps: { "aria-label": "Dismiss" } }),
    TextInput: noAsterisk,
    // The show/hide button is reachable with the keyboard too.
    PasswordInput: defaults<PasswordInputProps>({ withAsterisk: false, visibilityToggleFocusable: true }),
    Textarea: noAsterisk,
    Select: noAsterisk,
    TagsInput: noAsterisk,
    RadioGroup: noAsterisk,
  },
});
