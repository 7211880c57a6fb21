// Server speech-to-text's pure parts: the STT_* configuration and the checks on an upload's
// type and first bytes (the route and the protocol are tested in
// tests/integration/practice-transcribe.test.ts).
import { describe, expect, it } from "vitest";
import { loadConfig, parseSttEnv } from "../../server/config.ts";
import { looksLikeAudio, sttAudioType } from "../../server/services/speech/transcribe.ts";
import { silentWav } from "../helpers/speech-audio.ts";

describe("STT_* configuration", () => {
  it("is off when unset or blank, and needs STT_BASE_URL for a key or a model", () => {
    expect(parseSttEnv({})).toBeNull();
    expect(parseSttEnv({ STT_BASE_URL: "  ", STT_MODEL: "" })).toBeNull();
    expect(loadConfig({}).stt).toBeNull();
    expect(() => parseSttEnv({ STT_MODEL: "whisper-1" })).toThrow(/STT_BASE_URL/);
    expect(() => parseSttEnv({ STT_API_KEY: "sk-x" })).toThrow(/STT_BASE_URL/);
    expect(() => parseSttEnv({ STT_BASE_URL: "not a url" })).toThrow(/STT_BASE_URL must be a URL/);
    expect(() => parseSttEnv({ STT_BASE_URL: "ftp://stt.example/v1" })).toThrow(/http or https/);
  });
  it("defaults the model to whisper-1 and a 30 s timeout, and keeps the base URL's /v1 (without a trailing slash)", () => {
    expect(parseSttEnv({ STT_BASE_URL: "http://localhost:8000/v1/" })).toEqual({ baseURL: "http://localhost:8000/v1", apiKey: undefined, model: "whisper-1", timeoutMs: 30_000 });
    expect(loadConfig({ STT_BASE_URL: "https://api.openai.com/v1", STT_API_KEY: " sk-1 ", STT_MODEL: "gpt-4o-mini-transcribe" }).stt).toEqual({
      baseURL: "https://api.openai.com/v1",
      apiKey: "sk-1",
      model: "gpt-4o-mini-transcribe",
      timeoutMs: 30_000,
    });
  });
});

describe("uploaded audio", () => {
  it("accepts the types browsers record, with or without codec parameters", () => {
    expect(sttAudioType("audio/webm;codecs=opus")).toBe("audio/webm");
    expect(sttAudioType("Audio/OGG; codecs=opus")).toBe("audio/ogg");
    expect(sttAudioType("audio/mp4")).toBe("audio/mp4");
    expect(sttAudioType("audio/wav")).toBe("audio/wav");
    for (const bad of [undefined, "", "video/mp4", "application/octet-stream", "audio/flac"]) expect(sttAudioType(bad), String(bad)).toBeNull();
  });
  it("checks the first bytes against the declared type", () => {
    const wav = silentWav(50);
    expect(looksLikeAudio("audio/wav", wav)).toBe(true);
    expect(looksLikeAudio("audio/webm", wav)).toBe(false);
    expect(looksLikeAudio("audio/webm", Buffer.from([0x1a, 0x45, 0xdf, 0xa3, ...new Array(20).fill(0)]))).toBe(true);
    expect(looksLikeAudio("audio/ogg", Buffer.from("OggS\0\x02........"))).toBe(true);
    expect(looksLikeAudio("audio/mp4", Buffer.from("\0\0\0\x20ftypM4A ...."))).toBe(true);
    expect(looksLikeAudio("audio/mpeg", Buffer.from("ID3\x04\0\0\0\0\0\0\0\0"))).toBe(true);
    expect(looksLikeAudio("audio/wav", Buffer.from("RIFF"))).toBe(false);
  });
});
