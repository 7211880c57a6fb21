// A CoachReply built from a producer: the producer pushes text chunks as it gets them and
// returns how the reply ended; the reply can be iterated (chunks as they arrive, also after the
// fact) and its `end` resolves with the whole text once the producer is done. The producer starts
// at once, so a caller that only awaits `end` gets the reply too.
import type { CoachReply, CoachReplyEnd } from "./types.ts";

export type Producer = (push: (chunk: string) => void) => Promise<Omit<CoachReplyEnd, "text">>;

export function makeReply(produce: Producer): CoachReply {
  const chunks: string[] = [];
  let settled = false;
  let failure: { error: unknown } | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };

  const push = (chunk: string) => {
    if (settled || chunk.length === 0) return;
    chunks.push(chunk);
    notify();
  };

  const end = (async () => {
    try {
      const result = await produce(push);
      return { ...result, text: chunks.join("") };
    } catch (error) {
      failure = { error };
      throw error;
    } finally {
      settled = true;
      notify();
    }
  })();
  // A caller that only iterates sees the error there; this keeps it from being "unhandled".
  end.catch(() => {});

  return {
    end,
    async *[Symbol.asyncIterator]() {
      let next = 0;
      for (;;) {
        while (next < chunks.length) yield chunks[next++]!;
        if (settled) {
          if (failure) throw failure.error;
          return;
        }
        await new Promise<void>((resolve) => {
          const previous = wake;
          wake = () => {
            previous?.();
            resolve();
          };
        });
      }
    },
  };
}

/** Splits text into chunks of a few words (whitespace kept), so the chunks concatenate to it. */
export function wordChunks(text: string, wordsPerChunk = 3): string[] {
  const pieces = text.match(/\s*\S+\s*/g) ?? (text ? [text] : []);
  const out: string[] = [];
  for (let i = 0; i < pieces.length; i += wordsPerChunk) out.push(pieces.slice(i, i + wordsPerChunk).join(""));
  return out;
}
