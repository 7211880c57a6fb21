// Loaded on demand by providers.tsx (a module of its own, so only the notice area's code — not the
// whole @mantine/notifications barrel that the first page already imports for its store — is lazy).
import { Notifications } from "@mantine/notifications";

export function NotificationsArea() {
  // Bottom right, so a notice never covers the header (its menu and navigation) on any screen.
  return <Notifications position="bottom-right" />;
}
