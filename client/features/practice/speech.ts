// The browser's speech: recognition (Web Speech API, where it exists: Chrome, Edge, Safari)
// and synthesis (speechSynthesis). Nothing here is sent to HireXp's server but text.
import { useCallback, useEffect, useRef, useState } from "react";

// The Web Speech API's recognition is not in TypeScript's DOM types yet: the part we use.
type RecognitionResultList = ArrayLike<{ isFinal: boolean; 0: { transcript: string } }>;
type Recognition = {
  lang: string;
  continuous: boolean;
  interimResults: boolean;
  start(): void;
  stop(): void;
  abort(): void;
  onresult: ((e: { resultIndex: number; results: RecognitionResultList }) => void) | null;
  onspeechstart: (() => void) | null;
  onerror: ((e: { error: string }) => void) | null;
  onend: (() => void) | null;
};
type RecognitionConstructor = new () => Recognition;

function recognitionConstructor(): RecognitionConstructor | null {
  const w = window as unknown as { SpeechRecognition?: RecognitionConstructor; webkitSpeechRecognition?: RecognitionConstructor };
  return w.SpeechRecognition ?? w.webkitSpeechRecognition ?? null;
}

export const speechRecognitionAvailable = () => typeof window !== "undefined" && recognitionConstructor() !== null;
export const speechSynthesisAvailable = () => typeof window !== "undefined" && "speechSynthesis" in window && typeof SpeechSynthesisUtterance !== "undefined";

/** Why recognition stopped, in words for the trainee (null: no problem). */
function recognitionProblem(error: string): string | null {
  switch (error) {
    case "not-allowed":
    case "service-not-allowed":
      return "The microphone is blocked for this site, so your speech cannot be recognised. Allow it in the browser's site settings, or type what you would say.";
    case "audio-capture":
      return "No microphone was found. Connect one, or type what you would say.";
    case "network":
      return "Speech recognition needs the browser's online service, which could not be reached. Type what you would say.";
    case "no-speech":
    case "aborted":
      return null;
    default:
      return "Speech recognition stopped unexpectedly. Type what you would say, or turn the microphone on again.";
  }
}

export type Utterance = { text: string; startedAt: number; endedAt: number };

/**
 * Recognition of one utterance at a time while `enabled`: `onUtterance` gets each final
 * result with when the speech started and ended (this device's clock). `interim` is the text
 * being recognised; `problem` says why recognition is not working.
 */
export function useSpeechRecognition({ lang, enabled, onUtterance }: { lang: string; enabled: boolean; onUtterance: (u: Utterance) => void }) {
  const [interim, setInterim] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [listening, setListening] = useState(false);
  const callback = useRef(onUtterance);
  callback.current = onUtterance;

  useEffect(() => {
    const Ctor = recognitionConstructor();
    if (!enabled || !Ctor) return;
    let stopped = false;
    let rec: Recognition | null = null;
    const start = () => {
      if (stopped) return;
      rec = new Ctor();
      rec.lang = lang;
      rec.continuous = false;
      rec.interimResults = true;
      let startedAt = 0;
      rec.onspeechstart = () => (startedAt = Date.now());
      rec.onresult = (e) => {
        let text = "";
        let final = false;
        for (let i = e.resultIndex; i < e.results.length; i++) {
          text += e.results[i]![0].transcript;
          final ||= e.results[i]!.isFinal;
        }
        if (!startedAt) startedAt = Date.now();
        if (final) {
          setInterim("");
          const endedAt = Date.now();
          if (text.trim()) callback.current({ text: text.trim(), startedAt, endedAt });
          startedAt = 0;
        } else setInterim(text);
      };
      rec.onerror = (e) => {
        const p = recognitionProblem(e.error);
        if (p) {
          stopped = true;
          setProblem(p);
        }
      };
      rec.onend = () => {
        setListening(false);
        // One utterance per recognition: listen again while the microphone is on.
        if (!stopped) setTimeout(start, 250);
      };
      try {
        rec.start();
        setListening(true);
        setProblem(null);
      } catch {
        setProblem("Speech recognition could not start. Type what you would say.");
      }
    };
    start();
    return () => {
      stopped = true;
      setListening(false);
      setInterim("");
      rec?.abort();
    };
  }, [enabled, lang]);

  return { interim, problem, listening };
}

/** Speaks text in the scenario's voice; `speaking` is true until the browser finished. */
export function useSpeechSynthesis(voice: { lang?: string; rate?: number } | undefined) {
  const [speaking, setSpeaking] = useState(false);
  const speak = useCallback(
    (text: string) => {
      if (!speechSynthesisAvailable()) return;
      const u = new SpeechSynthesisUtterance(text);
      u.lang = voice?.lang ?? "en-US";
      u.rate = voice?.rate ?? 1;
      const match = window.speechSynthesis.getVoices().find((v) => v.lang === u.lang) ?? window.speechSynthesis.getVoices().find((v) => v.lang.startsWith(u.lang.split("-")[0]!));
      if (match) u.voice = match;
      // Some browsers never report the end (e.g. without an audio device): stop waiting after a while.
      const fallback = setTimeout(() => setSpeaking(false), 2000 + text.length * 90);
      u.onend = u.onerror = () => {
        clearTimeout(fallback);
        setSpeaking(false);
      };
      window.speechSynthesis.cancel();
      setSpeaking(true);
      window.speechSynthesis.speak(u);
    },
    [voice?.lang, voice?.rate],
  );
  const stop = useCallback(() => {
    if (speechSynthesisAvailable()) window.speechSynthesis.cancel();
    setSpeaking(false);
  }, []);
  useEffect(() => stop, [stop]);
  return { speak, stop, speaking };
}
