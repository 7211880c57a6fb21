// Pages prerendered at build time (shared/prerender.ts) are hydrated: React's first render in
// the browser must produce the markup the build rendered, which knew nobody (`auth.me` pending).
// By the time the JavaScript runs, the preloaded `auth.me` answer may already be in the cache;
// what depends on it waits for the end of hydration before it shows (one more render, no
// mismatch). Pages rendered the ordinary way (createRoot) see `true` from the first render.
import { useLayoutEffect, useSyncExternalStore, type RefObject } from "react";

const subscribe = () => () => {};

/** False on the server and during hydration, true afterwards (and in any client-rendered tree). */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

/**
 * A prerendered form can be typed into before React hydrates it: the browser keeps what was
 * typed in the inputs, but the form's state starts empty. Right after hydration this copies
 * the inputs' values (Mantine's `getInputProps` marks each input with `data-path`) into the form,
 * so what someone typed is what gets submitted.
 */
export function useAdoptValuesTypedBeforeHydration(formRef: RefObject<HTMLFormElement | null>, setValue: (path: string, value: string) => void): void {
  useLayoutEffect(() => {
    for (const input of formRef.current?.querySelectorAll<HTMLInputElement>("input[data-path]") ?? []) {
      if (input.value) setValue(input.dataset.path!, input.value);
    }
    // Once, after the first render (hydration): later values come through onChange.
  }, []);
}
