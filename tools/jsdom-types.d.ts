// The part of jsdom's API that tools/prerender.ts uses (jsdom ships no types, and @types/jsdom is
// not a dependency): a document parsed from HTML, queried with the DOM's own types.
declare module "jsdom" {
  export class JSDOM {
    constructor(html?: string);
    readonly window: Window & typeof globalThis;
  }
}
