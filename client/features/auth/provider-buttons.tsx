import { Button, Divider, Stack } from "@mantine/core";
import { oauthStartHref, useProviders } from "../../lib/oauth.ts";

/**
 * "Continue with Google" and the like, under the sign-in form: one link per configured
 * provider (none, and no divider, when there are none). Each starts the provider's sign-in
 * on the server, which brings the person back to `next` (a path on our site).
 */
export function ProviderButtons({ next }: { next: string }) {
  const providers = useProviders();
  const list = providers.data ?? [];
  if (list.length === 0) return null;
  return (
    <Stack gap="sm">
      <Divider label="or" labelPosition="center" />
      {list.map((p) => (
        <Button key={p.id} component="a" href={oauthStartHref(p.startUrl, { next })} variant="default" fullWidth>
          Continue with {p.label}
        </Button>
      ))}
    </Stack>
  );
}
