// The REST API's answers (issue 14), as zod schemas: the OpenAPI document is generated from
// them (z.toJSONSchema), and the routes pass every answer through them (server/routes/api-v1.ts),
// so an answer holds exactly the documented fields. Dates are ISO 8601 strings.
import { z } from "zod";
import { API_SCOPES } from "../../shared/access.ts";

const date = z.iso.datetime();
const nullableDate = date.nullable();

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "The tRPC code (BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, TOO_MANY_REQUESTS, …)." }),
      message: z.string(),
      appCode: z.string().nullable().meta({ description: "The same machine code the app gets (API_KEY_INVALID, API_SCOPE_MISSING, JOB_NOT_FOUND, RATE_LIMITED, …)." }),
      fieldErrors: z.record(z.string(), z.array(z.string())).nullable().optional(),
    }),
  })
  ;

const Cursor = z.string().nullable().meta({ description: "Pass as `cursor` to get the next page; null on the last page." });

export const JobSummary = z
  .object({
    id: z.string(),
    title: z.string(),
    requiredSkills: z.array(z.string()),
    experienceLevel: z.string(),
    location: z.string().nullable(),
    isActive: z.boolean(),
    applicants: z.number().int(),
    createdAt: date,
    updatedAt: date,
  })
  ;

export const Job = JobSummary.extend({
  description: z.string(),
  requirements: z.array(z.string()),
  salary: z.string().nullable(),
});

export const JobList = z.object({ items: z.array(JobSummary), nextCursor: Cursor });
export const JobState = z.object({ id: z.string(), isActive: z.boolean() });

const Match = z.object({ score: z.number().nullable(), matched: z.array(z.string()), missing: z.array(z.string()) });

export const ApplicantList = z
  .object({
    job: z.object({ id: z.string(), title: z.string(), requiredSkills: z.array(z.string()), isActive: z.boolean(), applicants: z.number().int() }),
    items: z.array(
      z.object({
        applicationId: z.string(),
        candidateId: z.string(),
        name: z.string(),
        headline: z.string().nullable(),
        avatar: z.string().nullable(),
        location: z.string().nullable(),
        skills: z.array(z.string()),
        contact: z.object({ email: z.string(), phone: z.string().nullable() }).meta({ description: "The contact details the applicant shared by applying." }),
        message: z.string().nullable(),
        appliedAt: date,
        match: Match,
      }),
    ),
    nextCursor: Cursor,
  })
  ;

export const Shortlist = z
  .object({
    items: z.array(
      z.object({
        candidateId: z.string(),
        name: z.string().nullable(),
        headline: z.string().nullable(),
        location: z.string().nullable(),
        avatar: z.string().nullable(),
        skills: z.array(z.string()),
        interestedAt: date,
        response: z.enum(["pending", "accepted", "declined"]),
        respondedAt: nullableDate,
        contact: z
          .object({ email: z.string(), phone: z.string().nullable() })
          .nullable()
          .meta({ description: "Only when the candidate accepted your interest." }),
      }),
    ),
    nextCursor: Cursor,
  })
  ;

const CertificateBadge = z.object({ code: z.string(), status: z.enum(["valid", "expired", "revoked"]) });

const Card = z.object({
  candidateId: z.string(),
  name: z.string().nullable(),
  headline: z.string().nullable(),
  location: z.string().nullable(),
  languages: z.array(z.string()),
  skills: z.array(z.string()),
  openTo: z.array(z.string()),
  level: z.string(),
  overallScore: z.number().nullable(),
  skillScores: z.record(z.string(), z.number().nullable()),
  evaluationCount: z.number().int(),
  assessments: z.record(z.string(), z.number()),
  certificate: CertificateBadge.nullable(),
  lastActiveAt: nullableDate,
});

export const CandidateSearchResult = z
  .object({
    items: z.array(Card.extend({ viewed: z.boolean(), viewedAt: nullableDate, noted: z.boolean(), marked: z.boolean() })),
    nextCursor: Cursor,
    facets: z
      .object({
        total: z.number().int(),
        exact: z.boolean(),
        skills: z.array(z.object({ value: z.string(), count: z.number().int() })),
        languages: z.array(z.object({ value: z.string(), count: z.number().int() })),
      })
      .nullable()
      .meta({ description: "Counts over the matches, on the first page only." }),
  })
  ;

export const CandidateDetail = z
  .object({
    candidate: Card.extend({
      bio: z.string().nullable(),
      experience: z.string().nullable(),
      education: z.string().nullable(),
      avatar: z.string().nullable(),
      scoresOverTime: z.array(z.object({ at: date, sessionType: z.enum(["CHAT", "CALL"]), overallScore: z.number(), skills: z.record(z.string(), z.number()) })),
      certificates: z.array(
        z.object({ code: z.string(), status: z.enum(["valid", "expired", "revoked"]), issuedAt: date, validUntil: nullableDate, overallScore: z.number(), verificationUrl: z.string() }),
      ),
      assessmentResults: z.array(z.object({ type: z.string(), best: z.number(), attempts: z.number().int(), passed: z.boolean(), lastAt: date })),
    }),
    contact: z
      .object({
        email: z.string(),
        phone: z.string().nullable(),
        linkedIn: z.string().nullable(),
        github: z.string().nullable(),
        website: z.string().nullable(),
        via: z.enum(["interest", "application"]),
      })
      .nullable()
      .meta({ description: "Only when the candidate shared it with your company: accepted your interest, or applied to one of your jobs." }),
    view: z.object({
      viewedAt: date,
      notes: z.string(),
      isInterested: z.boolean(),
      interestedAt: nullableDate,
      interestResponse: z.enum(["PENDING", "ACCEPTED", "DECLINED"]).nullable(),
      respondedAt: nullableDate,
    }),
  })
  ;

export const Scopes = z.array(z.enum(API_SCOPES));
