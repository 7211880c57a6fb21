// The numbers of the certificate rule (issue 10; docs/certificates.md). One place, read by the
// rule (rule.ts), the dashboard's "what is missing" and the documentation's table.
export const certificateRule = {
  /** Completed practice sessions (chat or call, with an evaluation) needed. */
  minSessions: 5,
  /** …of which at least this many are calls. */
  minCalls: 1,
  /** The average overallScore is taken over this many newest evaluations… */
  averageOver: 5,
  /** …and must reach this (0–100). */
  minAverage: 70,
  /** Assessment types (Assessment.type, shared ASSESSMENT_TYPES) that need a passed result. */
  requiredAssessments: ["grammar", "vocabulary", "reading"] as const,
  /** A certificate is valid for this many years from its issue date. */
  validityYears: 2,
} as const;

/** How certificate progress (0–100) is weighted while the rule is not met yet (sums to 100). */
export const certificateProgressWeights = { sessions: 30, call: 10, average: 30, assessments: 30 } as const;
