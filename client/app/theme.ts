import { createTheme, PasswordInput, RadioGroup, Select, TagsInput, Textarea, TextInput } from "@mantine/core";

// No "*" after labels: the fields a form needs are few and obvious, screen readers still
// hear "required" from the attribute, and a label reads exactly as written ("Email").
const noAsterisk = { defaultProps: { withAsterisk: false } };

// Calm and professional: Mantine's defaults with a teal-cyan primary.
export const theme = createTheme({
  primaryColor: "cyan",
  primaryShade: { light: 8, dark: 6 },
  defaultRadius: "md",
  fontFamily: "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  headings: { fontWeight: "650" },
  cursorType: "pointer",
  components: {
    TextInput: TextInput.extend(noAsterisk),
    // The show/hide button is reachable with the keyboard too.
    PasswordInput: PasswordInput.extend({ defaultProps: { withAsterisk: false, visibilityToggleFocusable: true } }),
    Textarea: Textarea.extend(noAsterisk),
    Select: Select.extend(noAsterisk),
    TagsInput: TagsInput.extend(noAsterisk),
    RadioGroup: RadioGroup.extend(noAsterisk),
  },
});
