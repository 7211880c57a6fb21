// The trainee dashboard's charts (loaded on demand so recharts stays out of the first chunk):
// the overall score of recent practice sessions over time, and the recent average per skill.
// Only the charts themselves are here; their titles and the figures in words are rendered by
// trainee-dashboard.tsx at once, with a placeholder of the chart's own height while this loads,
// so nothing below moves when the charts arrive (Lighthouse's layout shift).
import "@mantine/charts/styles.css";
import { LineChart, RadarChart } from "@mantine/charts";
import type { ProgressData } from "./trainee-dashboard.tsx";

export function TrendChart({ data, h }: { data: ProgressData; h: number }) {
  const trend = data.skillTrend.map((p, i) => ({ session: `#${i + 1} ${new Date(p.at).toLocaleDateString()}`, Overall: Math.round(p.overallScore) }));
  return <LineChart h={h} data={trend} dataKey="session" series={[{ name: "Overall", color: "blue.6" }]} yAxisProps={{ domain: [0, 100] }} aria-labelledby="chart-trend" />;
}

export function SkillsChart({ radar, h }: { radar: { skill: string; score: number }[]; h: number }) {
  return <RadarChart h={h} data={radar} dataKey="skill" series={[{ name: "score", color: "teal.6", opacity: 0.3 }]} withPolarRadiusAxis aria-labelledby="chart-skills" />;
}
