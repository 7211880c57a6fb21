// wink-nlp with its English model, loaded on first use rather than at start-up (the model takes
// ~0.3–0.5 s to load; server/main.ts warms it up once the server listens) and shared by the
// goal matcher and the evaluation's text analysis (one instance instead of one each).
import { createRequire } from "node:module";
import type winkNLP from "wink-nlp";

const require = createRequire(import.meta.url);
type Nlp = ReturnType<typeof winkNLP>;
let instance: Nlp | undefined;

export function wink(): Nlp {
  if (!instance) {
    const make = require("wink-nlp") as typeof winkNLP;
    instance = make(require("wink-eng-lite-web-model"));
  }
  return instance;
}
