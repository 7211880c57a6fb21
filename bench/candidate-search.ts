// Company candidate search at scale, on a throwaway PostgreSQL 15 (or BENCH_DATABASE_URL):
// seeds 10 000 and then 100 000 discoverable trainees (plus a few hidden ones) with realistic
// skills, languages, locations and search statistics, and times company.candidates.search
// through its service (items query + facets query, as the API runs them):
//   - "3 filters": a skill, a language and a minimum overall score, sorts rotating;
//   - "q": a free-text word (a surname, a skill word, a city word), sorted by relevance;
//   - "next page": the same 3-filter search with a cursor (items only, no facets).
// Prints p50/p95 per kind and size and the ratio 100k / 10k. Target: p95 ≤ 25 ms at 100 000
// and ≤ 2× the 10 000 figure. BENCH_EXPLAIN=1 prints the plans (EXPLAIN ANALYZE) used.
// Run: node --import tsx bench/candidate-search.ts   (BENCH_SIZES=10000,100000 BENCH_RUNS=200)
import { withPostgres } from "./postgres.ts";
import { openDatabase, type Database } from "../server/db/client.ts";
import { migrate } from "../server/db/migrate.ts";
import { CandidateSearchInput, type CandidateSearch } from "../shared/schemas/candidates.ts";
import { FACETS_PLANNER, searchCandidates, searchQueries } from "../server/services/candidates/search.ts";

const SIZES = (process.env.BENCH_SIZES ?? "10000,100000").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const EXPLAIN = process.env.BENCH_EXPLAIN === "1";

const SKILLS = [
  "customer service", "sales", "negotiation", "public speaking", "presentations", "team leadership", "support", "account management",
  "project management", "email writing", "technical writing", "conflict resolution", "coaching", "recruiting", "marketing", "crm",
  "excel", "cold calling", "onboarding", "training", "hospitality", "translation", "copywriting", "social media", "event planning",
  "retail", "logistics", "procurement", "finance", "bookkeeping", "data entry", "research", "product demos", "call center",
  "community management", "partnerships", "stakeholder management", "interviewing", "mediation", "scheduling",
];
const LANGS = ["en", "es", "fr", "de", "pt", "it", "ar", "hi", "zh", "ja", "ru", "nl", "tr", "pl", "sw"];
const CITIES = [
  "London", "Berlin", "Madrid", "Paris", "Lisbon", "Amsterdam", "Warsaw", "Nairobi", "Lagos", "Cairo", "Mumbai", "Bangalore",
  "Manila", "Jakarta", "Tokyo", "Seoul", "Sydney", "Toronto", "New York", "Chicago", "Austin", "Mexico City", "Bogotá",
  "São Paulo", "Buenos Aires", "Cape Town", "Dubai", "Istanbul", "Dublin", "Remote",
];
const FIRST = ["Ana", "Ben", "Chen", "Dara", "Eli", "Fatima", "Gabriel", "Hana", "Ivan", "Jia", "Kofi", "Lena", "Mateo", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sami", "Tariq", "Uma", "Victor", "Wen", "Yara", "Zoe"];
const LAST = ["Okafor", "Lindqvist", "Garcia", "Nguyen", "Smith", "Kowalski", "Haddad", "Tanaka", "Silva", "Mensah", "Rossi", "Ivanova", "Patel", "Kim", "Müller", "Dubois", "Ahmed", "Brown", "Costa", "Novak", "Reyes", "Sato", "Walker", "Yilmaz", "Zhang"];
const ROLES = ["support agent", "sales representative", "account manager", "team lead", "recruiter", "trainer", "receptionist", "consultant", "coordinator", "analyst"];
const INDUSTRIES = ["software", "telecoms", "banking", "retail", "travel", "healthcare", "education", "logistics", "insurance", "energy"];

const arr = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(",")}]::text[]`;

/** Adds trainees `from`..`to` (ids c<from>…): ~97 % active, ~95 % of those opted in; stats for all. */
async function seed(db: Database, from: number, to: number) {
  await db.sql.exec(`
    SELECT setseed(${(from % 1000) / 1000});
    INSERT INTO users (id, email, role, status, email_verified, created_at, updated_at)
    SELECT 'c' || g, 'c' || g || '@bench.test', 'TRAINEE',
           (CASE WHEN g % 37 = 0 THEN 'SUSPENDED' ELSE 'ACTIVE' END)::"AccountStatus",
           CASE WHEN g % 53 = 0 THEN NULL ELSE now() END, now(), now()
    FROM generate_series(${from}, ${to}) g;

    INSERT INTO profiles (id, user_id, name, bio, location, languages, skills, experience, discoverable, open_to, updated_at)
    SELECT 'p' || g, 'c' || g,
      (${arr(FIRST)})[1 + floor(random() * ${FIRST.length})::int] || ' ' || (${arr(LAST)})[1 + floor(random() * ${LAST.length})::int],
      initcap((${arr(ROLES)})[1 + floor(random() * ${ROLES.length})::int]) || ' with ' || (1 + floor(random() * 15))::int || ' years in ' ||
        (${arr(INDUSTRIES)})[1 + floor(random() * ${INDUSTRIES.length})::int] || E'\\nI enjoy clear conversations with customers and colleagues.',
      (${arr(CITIES)})[1 + floor(power(random(), 1.6) * ${CITIES.length})::int],
      ARRAY(SELECT DISTINCT l FROM (
        SELECT CASE WHEN random() < 0.8 THEN 'en' ELSE (${arr(LANGS)})[1 + floor(power(random(), 1.5) * ${LANGS.length})::int] END AS l
        UNION ALL SELECT (${arr(LANGS)})[1 + floor(power(random(), 1.5) * ${LANGS.length})::int] FROM generate_series(1, (g % 3)) WHERE g > 0
      ) t),
      ARRAY(SELECT DISTINCT (${arr(SKILLS)})[1 + floor(power(random(), 1.7) * ${SKILLS.length})::int] FROM generate_series(1, 2 + g % 5) WHERE g > 0),
      'Worked as ' || (${arr(ROLES)})[1 + floor(random() * ${ROLES.length})::int] || ' at a ' || (${arr(INDUSTRIES)})[1 + floor(random() * ${INDUSTRIES.length})::int] || ' company',
      (g % 20) <> 0,
      ARRAY['full-time']::text[],
      now()
    FROM generate_series(${from}, ${to}) g;

    INSERT INTO candidate_stats (user_id, evaluation_count, overall_sum, overall_score,
      fluency, grammar, vocabulary, clarity, professionalism, task_completion, pace,
      assessment_best, level, certificate_code, certificate_valid_until, last_active_at)
    SELECT 'c' || g, n, o * n, CASE WHEN n > 0 THEN o END,
      ${["fluency", "grammar", "vocabulary", "clarity", "professionalism", "task_completion", "pace"].map(() => "CASE WHEN n > 0 THEN least(100, greatest(0, round((o + random() * 20 - 10)::numeric, 1)::float8)) END").join(", ")},
      CASE WHEN random() < 0.5 THEN jsonb_build_object('grammar', round((40 + random() * 60)::numeric, 1), 'vocabulary', round((40 + random() * 60)::numeric, 1)) ELSE '{}'::jsonb END,
      (ARRAY['beginner','elementary','intermediate','upper-intermediate','advanced'])[1 + least(4, floor(n / 7))::int],
      CASE WHEN n >= 10 AND o >= 70 THEN 'HXP-' || g END,
      CASE WHEN n >= 10 AND o >= 70 THEN now() + interval '1 year' END,
      CASE WHEN n > 0 THEN now() - random() * interval '180 days' END
    FROM (SELECT g, floor(random() * 30)::int AS n, round((35 + random() * 62)::numeric, 1)::float8 AS o FROM generate_series(${from}, ${to}) g) x;
    ANALYZE;`);
}

const pick = <T,>(xs: readonly T[], i: number) => xs[i % xs.length]!;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

function inputs(kind: string, i: number): CandidateSearch {
  if (kind === "3 filters") {
    return { skills: [pick(SKILLS.slice(0, 15), i * 7)], languages: [pick(["en", "es", "fr", "de", "pt"], i * 3)], minOverallScore: pick([50, 60, 70], i), sort: pick(["score", "recent", "relevance"] as const, i) };
  }
  return { q: pick([...LAST.map((l) => l.toLowerCase()), "negotiation", "banking", "recruiter", "telecoms", "coaching"], i * 11) };
}

const slow: { ms: number; raw: CandidateSearch }[] = [];
async function time(db: Database, companyUserId: string, kind: string): Promise<number[]> {
  const out: number[] = [];
  let cursors: (string | undefined)[] = [];
  if (kind === "next page") {
    for (let i = 0; i < 20; i++) cursors.push((await searchCandidates(db.prisma, companyUserId, CandidateSearchInput.parse(inputs("3 filters", i)))).nextCursor ?? undefined);
  }
  for (let i = -20; i < RUNS; i++) {
    const j = Math.abs(i);
    const raw = kind === "next page" ? { ...inputs("3 filters", j % 20), cursor: cursors[j % 20] } : inputs(kind, j);
    const input = CandidateSearchInput.parse(raw);
    const t0 = performance.now();
    await searchCandidates(db.prisma, companyUserId, input);
    if (i >= 0) out.push(performance.now() - t0);
    if (i >= 0 && EXPLAIN) slow.push({ ms: performance.now() - t0, raw });
  }
  if (EXPLAIN) {
    slow.sort((a, b) => b.ms - a.ms);
    for (const x of slow.slice(0, 3)) console.log(`  slowest ${kind}: ${x.ms.toFixed(1)} ms ${JSON.stringify(x.raw)}`);
    if (slow[0] && kind !== "next page") await explain(db, companyUserId, `slowest ${kind}`, slow[0].raw);
    slow.length = 0;
  }
  cursors = [];
  return out;
}

async function explain(db: Database, companyUserId: string, label: string, raw: CandidateSearch) {
  const q = searchQueries(companyUserId, CandidateSearchInput.parse(raw));
  for (const [part, sql] of [["items", q.items], ["facets", q.facets]] as const) {
    if (!sql) continue;
    const rows = await db.sql.transaction(async (tx) => {
      if (part === "facets") await tx.exec(FACETS_PLANNER);
      return tx.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${sql.text}`, sql.values as unknown[]);
    });
    console.log(`\n--- ${label} (${part}) ---\n${rows.map((r) => r["QUERY PLAN"]).join("\n")}`);
  }
}

await withPostgres(async (url) => {
  const db = await openDatabase({ databaseUrl: url, poolSize: 4 });
  await migrate(db.sql);
  if (process.env.BENCH_NO_PARALLEL === "1") await db.sql.exec(`ALTER DATABASE postgres SET max_parallel_workers_per_gather = 0`);
  await db.sql.exec(`
    INSERT INTO users (id, email, role, status, email_verified, created_at, updated_at) VALUES ('bench-company', 'company@bench.test', 'COMPANY', 'ACTIVE', now(), now(), now());
    INSERT INTO company_profiles (id, user_id, company_name, is_verified, verified_at, updated_at) VALUES ('bench-company-profile', 'bench-company', 'Bench Ltd', true, now(), now());`);
  const results: Record<string, Record<number, { p50: number; p95: number }>> = {};
  let seeded = 0;
  for (const size of SIZES) {
    const t0 = performance.now();
    await seed(db, seeded + 1, size);
    seeded = size;
    // A few views by this company so the per-company flags join real rows.
    await db.sql.exec(`INSERT INTO candidate_views (id, candidate_id, company_user_id, viewed_at, notes) SELECT 'v' || g, 'c' || g, 'bench-company', now(), CASE WHEN g % 2 = 0 THEN 'note' END FROM generate_series(1, ${size}, 97) g ON CONFLICT DO NOTHING; ANALYZE;`);
    const visible = (await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM profiles p JOIN users u ON u.id = p.user_id WHERE p.discoverable AND u.status = 'ACTIVE' AND u.email_verified IS NOT NULL`))[0]!.n;
    console.log(`\n${size} trainees seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s (${visible} findable)`);
    for (const kind of ["3 filters", "q", "next page"]) {
      const xs = await time(db, "bench-company", kind);
      (results[kind] ??= {})[size] = { p50: pct(xs, 50), p95: pct(xs, 95) };
      console.log(`  ${kind.padEnd(10)} p50 ${pct(xs, 50).toFixed(2).padStart(7)} ms   p95 ${pct(xs, 95).toFixed(2).padStart(7)} ms   (${RUNS} searches)`);
    }
    if (EXPLAIN) {
      await explain(db, "bench-company", "3 filters, score", { skills: ["sales"], languages: ["en"], minOverallScore: 60, sort: "score" });
      await explain(db, "bench-company", "q", { q: "lindqvist" });
    }
  }
  if (SIZES.length >= 2) {
    const [a, b] = [SIZES[0]!, SIZES.at(-1)!];
    console.log(`\nratio ${b} / ${a} (p95):`);
    for (const [kind, r] of Object.entries(results)) {
      const ratio = r[b]!.p95 / r[a]!.p95;
      console.log(`  ${kind.padEnd(10)} ${ratio.toFixed(2)}×   p95 at ${b}: ${r[b]!.p95.toFixed(2)} ms ${r[b]!.p95 <= 25 && ratio <= 2 ? "(within target: ≤ 25 ms, ≤ 2×)" : "(OUTSIDE target: ≤ 25 ms, ≤ 2×)"}`);
    }
  }
  await db.close();
});
