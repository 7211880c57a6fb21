// Setup for the jsdom project: jest-dom matchers, DOM cleanup between tests, and the
// browser APIs Mantine uses that jsdom does not implement.
import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

// The first render of a file loads Mantine and can take over a second on a busy machine:
// findBy… and waitFor wait up to 5 s (they return as soon as the condition holds).
configure({ asyncUtilTimeout: 5000 });

// Testing Library only cleans up by itself when test globals are on; they are not here.
afterEach(() => {
  cleanup();
});

if (typeof window.matchMedia !== "function") {
  Object.defineProperty(window, "matchMedia", {
    writable: true,
    configurable: true,
    value: (query: string): MediaQueryList => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }),
  });
}

if (typeof window.ResizeObserver !== "function") {
  class ResizeObserverStub implements ResizeObserver {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
  Object.defineProperty(window, "ResizeObserver", { writable: true, configurable: true, value: ResizeObserverStub });
  Object.defineProperty(globalThis, "ResizeObserver", { writable: true, configurable: true, value: ResizeObserverStub });
}

// Mantine's Combobox (Select, Autocomplete) scrolls options into view; jsdom has no layout.
if (typeof Element.prototype.scrollIntoView !== "function") {
  Element.prototype.scrollIntoView = () => {};
}

// Mantine's autosizing Textarea waits on document.fonts, which jsdom lacks.
if (!("fonts" in document)) {
  Object.defineProperty(document, "fonts", {
    configurable: true,
    value: { ready: Promise.resolve(), addEventListener() {}, removeEventListener() {}, status: "loaded" },
  });
}
