// Answers shared by the component tests' tRPC stubs (trpc-stub.ts), typed from the server's router.
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "../../server/routers/app.ts";

export type ProfileAnswer = inferRouterOutputs<AppRouter>["profile"]["get"];

/** A `profile.get` answer: Sam Rivera, a trainee with nothing filled in, with `over` on top. */
export function profileAnswer(over: Partial<ProfileAnswer> = {}): ProfileAnswer {
  return {
    userId: "u1",
    email: "sam@example.com",
    role: "TRAINEE",
    memberSince: new Date("2026-11-01T10:00:00Z"),
    name: "Sam Rivera",
    avatar: null,
    bio: null,
    phone: null,
    timezone: "UTC",
    languages: ["en"],
    skills: [],
    location: null,
    linkedIn: null,
    github: null,
    website: null,
    updatedAt: new Date("2026-11-01T10:00:00Z"),
    preferences: { emailNotifications: true, smsNotifications: false, marketingEmails: false, theme: "auto", language: "en" },
    verification: null,
    ...over,
  };
}
