// The trainee dashboard's charts (loaded on demand so recharts stays out of the first chunk):
// the overall score of recent practice sessions over time, and the recent average per skill.
import "@mantine/charts/styles.css";
import { LineChart, RadarChart } from "@mantine/charts";
import { Stack, Text } from "@mantine/core";
import { SKILL_LABELS } from "../practice/session-text.ts";
import type { ProgressData } from "./trainee-dashboard.tsx";

const label = (skill: string) => SKILL_LABELS[skill as keyof typeof SKILL_LABELS] ?? skill;

export default function ProgressCharts({ data }: { data: ProgressData }) {
  const trend = data.skillTrend.map((p, i) => ({ session: `#${i + 1} ${new Date(p.at).toLocaleDateString()}`, Overall: Math.round(p.overallScore) }));
  const radar = data.skills.map((s) => ({ skill: label(s.skill), score: s.score }));
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Text fw={600} id="chart-trend">
          Score trend
        </Text>
        <LineChart h={220} data={trend} dataKey="session" series={[{ name: "Overall", color: "blue.6" }]} yAxisProps={{ domain: [0, 100] }} aria-labelledby="chart-trend" />
      </Stack>
      {radar.length >= 3 && (
        <Stack gap={4}>
          <Text fw={600} id="chart-skills">
            Skills (average of your last 5 sessions)
          </Text>
          <RadarChart h={260} data={radar} dataKey="skill" series={[{ name: "score", color: "teal.6", opacity: 0.3 }]} withPolarRadiusAxis aria-labelledby="chart-skills" />
        </Stack>
      )}
      <Text size="sm" c="dimmed">
        {data.skills.map((s) => `${label(s.skill)} ${s.score}`).join(" · ")}
      </Text>
    </Stack>
  );
}
