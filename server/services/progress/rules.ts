// The pure rules of progress (issue 10, docs/progress.md): points per activity, levels, badges
// and streaks in the trainee's own timezone. Both the incremental path (recordActivity, one
// activity at a time) and the recomputation (all activity rows, oldest first) fold activities
// through `applyFact`, so they cannot drift apart.

/** One finished activity as the rules see it. `first` (lessons/exercises): the trainee's first completion of that item. */
export type Fact =
  | { kind: "practice"; sessionType: "CHAT" | "CALL"; score: number; durationSeconds: number; skills: number[]; at: Date }
  | { kind: "assessment"; score: number; passed: boolean; durationSeconds: number; at: Date }
  | { kind: "lesson" | "exercise"; first: boolean; at: Date };

export type ProgressState = {
  points: number;
  totalTimeSpent: number;
  modulesCompleted: number;
  currentStreak: number;
  longestStreak: number;
  /** The trainee's local calendar day of the newest activity, YYYY-MM-DD. */
  lastDay: string | null;
  /** Badge code → ISO time it was earned. */
  badges: Record<string, string>;
};

export const emptyState = (): ProgressState => ({ points: 0, totalTimeSpent: 0, modulesCompleted: 0, currentStreak: 0, longestStreak: 0, lastDay: null, badges: {} });

/** Points table (docs/progress.md). Lessons and exercises earn points only on their first completion, so repeating one cannot farm points. */
export const POINTS = { practiceBase: 10, assessmentBase: 10, assessmentPassed: 10, lesson: 5, exercise: 5 } as const;

export function pointsFor(f: Fact): number {
  switch (f.kind) {
    case "practice":
      return POINTS.practiceBase + Math.round(f.score / 10);
    case "assessment":
      return POINTS.assessmentBase + Math.round(f.score / 10) + (f.passed ? POINTS.assessmentPassed : 0);
    case "lesson":
      return f.first ? POINTS.lesson : 0;
    case "exercise":
      return f.first ? POINTS.exercise : 0;
  }
}

/** Levels by points, lowest first (docs/progress.md). */
export const LEVELS = [
  { name: "beginner", minPoints: 0 },
  { name: "elementary", minPoints: 100 },
  { name: "intermediate", minPoints: 300 },
  { name: "upper-intermediate", minPoints: 700 },
  { name: "advanced", minPoints: 1500 },
] as const;
export type LevelName = (typeof LEVELS)[number]["name"];

export function levelFor(points: number): LevelName {
  let level: LevelName = "beginner";
  for (const l of LEVELS) if (points >= l.minPoints) level = l.name;
  return level;
}

export function nextLevel(points: number): { name: LevelName; pointsNeeded: number } | null {
  const next = LEVELS.find((l) => l.minPoints > points);
  return next ? { name: next.name, pointsNeeded: next.minPoints - points } : null;
}

/** The badge catalogue: each is awarded once, on the activity that first meets its condition. */
export const BADGES = {
  "first-practice": { title: "First practice", description: "Finished your first practice session." },
  "first-call": { title: "First call", description: "Finished your first practice call." },
  "first-lesson": { title: "First lesson", description: "Finished your first lesson or exercise." },
  "streak-7": { title: "7-day streak", description: "Practised 7 days in a row." },
  "streak-30": { title: "30-day streak", description: "Practised 30 days in a row." },
  "first-pass": { title: "Assessment passed", description: "Passed your first assessment." },
  "perfect-assessment": { title: "Perfect assessment", description: "Scored 100 in an assessment." },
  "all-skills-70": { title: "All-rounder", description: "Every skill scored 70 or more in one practice session." },
  "high-score-90": { title: "Excellent session", description: "A practice session scored 90 or more overall." },
} as const;
export type BadgeCode = keyof typeof BADGES;

function earned(f: Fact, streak: number): BadgeCode[] {
  const out: BadgeCode[] = [];
  if (f.kind === "practice") {
    out.push("first-practice");
    if (f.sessionType === "CALL") out.push("first-call");
    if (f.skills.length > 0 && f.skills.every((s) => s >= 70)) out.push("all-skills-70");
    if (f.score >= 90) out.push("high-score-90");
  } else if (f.kind === "assessment") {
    if (f.passed) out.push("first-pass");
    if (f.score >= 100) out.push("perfect-assessment");
  } else {
    out.push("first-lesson");
  }
  if (streak >= 7) out.push("streak-7");
  if (streak >= 30) out.push("streak-30");
  return out;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** A valid IANA zone name, or UTC (an unknown or missing Profile.timezone counts as UTC). */
export function safeZone(tz: string | null | undefined): string {
  if (!tz) return "UTC";
  try {
    new Intl.DateTimeFormat("en-CA", { timeZone: tz });
    return tz;
  } catch {
    return "UTC";
  }
}

/** The calendar day (YYYY-MM-DD) `at` falls on in `tz`: Intl does the DST arithmetic. */
export function dayIn(at: Date, tz: string): string {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(tz, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Whole calendar days from day `a` to day `b` (both YYYY-MM-DD): independent of DST because calendar dates carry no clock. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Adds one finished activity to `s` (a new object; `s` is not changed). Activities must come oldest first. */
export function applyFact(s: ProgressState, f: Fact, tz: string): ProgressState {
  const day = dayIn(f.at, tz);
  let { currentStreak, longestStreak, lastDay } = s;
  if (lastDay === null) {
    currentStreak = 1;
    lastDay = day;
  } else {
    const gap = daysBetween(lastDay, day);
    if (gap === 1) currentStreak += 1;
    else if (gap > 1) currentStreak = 1;
    // gap 0: same day; gap < 0: an older activity committed late — the streak stays as it is.
    if (gap > 0) lastDay = day;
  }
  longestStreak = Math.max(longestStreak, currentStreak);
  const badges = { ...s.badges };
  // A badge's date is its earliest qualifying activity: two activities committed out of time
  // order (parallel transactions) give the same date as recomputation in time order. Streak
  // badges are earned on the day the streak reaches its length, which a late commit cannot move.
  for (const b of earned(f, currentStreak)) {
    const at = f.at.toISOString();
    const prior = badges[b];
    if (!prior || (!b.startsWith("streak-") && at < prior)) badges[b] = at;
  }
  return {
    points: s.points + pointsFor(f),
    totalTimeSpent: s.totalTimeSpent + (f.kind === "practice" || f.kind === "assessment" ? Math.max(0, Math.round(f.durationSeconds)) : 0),
    modulesCompleted: s.modulesCompleted + ((f.kind === "lesson" || f.kind === "exercise") && f.first ? 1 : 0),
    currentStreak,
    longestStreak,
    lastDay,
    badges,
  };
}

/** The streak as it stands on `now`: a missed day shows 0 (no silent repair). */
export function streakOn(s: Pick<ProgressState, "currentStreak" | "lastDay">, now: Date, tz: string): number {
  if (!s.lastDay) return 0;
  return daysBetween(s.lastDay, dayIn(now, tz)) <= 1 ? s.currentStreak : 0;
}

/** Badges are stored in user_progress.badges (String[]) as "code@ISO-time" (docs/decisions). */
export const encodeBadges = (b: Record<string, string>) => Object.entries(b).map(([code, at]) => `${code}@${at}`).sort();
export function decodeBadges(list: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const i = item.indexOf("@");
    if (i > 0) out[item.slice(0, i)] = item.slice(i + 1);
  }
  return out;
}

/** lastActivityDate holds the local day as midnight UTC of that calendar date. */
export const dayToDate = (day: string | null) => (day ? new Date(`${day}T00:00:00Z`) : null);
export const dateToDay = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
