// Sign-ups per day as a plain SVG bar chart (no chart library). The picture is one image
// with a summary for screen readers; the numbers are also in a table below it, collapsed.
import { useId } from "react";
import { Box, Group, Stack, Table, Text } from "@mantine/core";
import { useElementSize } from "@mantine/hooks";
import { onFirstUse } from "../../lib/format.ts";

export type DayCount = { day: Date; count: number };

const dayKey = (d: Date) => d.toISOString().slice(0, 10);
// The server groups by UTC day; label the days in UTC too so a bar keeps its date.
const shortDay = onFirstUse(() => new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" }));
const longDay = onFirstUse(() => new Intl.DateTimeFormat(undefined, { weekday: "short", month: "short", day: "numeric", timeZone: "UTC" }));

/** The last `days` days up to today (UTC), with 0 for days without sign-ups. */
export function lastDays(data: DayCount[], days: number, now: Date = new Date()): DayCount[] {
  const counts = new Map(data.map((d) => [dayKey(d.day), d.count]));
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(today - (days - 1 - i) * 86_400_000);
    return { day, count: counts.get(dayKey(day)) ?? 0 };
  });
}

const H = 200;
const PAD = { top: 12, right: 20, bottom: 28, left: 36 };

export function SignUpsChart({ data, days = 30 }: { data: DayCount[]; days?: number }) {
  const id = useId();
  // Drawn in real pixels (the box's width), so the labels keep their size on any screen.
  const { ref, width } = useElementSize();
  const W = Math.max(280, Math.round(width) || 720);
  const series = lastDays(data, days);
  const total = series.reduce((s, d) => s + d.count, 0);
  const max = Math.max(1, ...series.map((d) => d.count));
  const busiest = series.reduce((a, b) => (b.count > a.count ? b : a), series[0]!);
  const ticks = niceTicks(max);
  const top = ticks.at(-1)!;
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const slot = innerW / series.length;
  const barW = Math.max(2, slot * 0.7);
  // A date label every few bars, as many as fit (about 48 px each), always ending on today.
  const labelEvery = Math.max(1, Math.ceil(48 / slot));
  const y = (v: number) => PAD.top + innerH - (v / top) * innerH;
  const summary =
    total === 0
      ? `No sign-ups in the last ${days} days.`
      : `${total} sign-ups in the last ${days} days; the busiest day was ${longDay().format(busiest.day)} with ${busiest.count}.`;

  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed" id={`${id}-summary`}>
        {summary}
      </Text>
      <Box ref={ref} style={{ width: "100%" }}>
        <svg
          viewBox={`0 0 ${W} ${H}`}
          width={W}
          height={H}
          role="img"
          aria-labelledby={`${id}-summary`}
          style={{ display: "block", maxWidth: "100%", height: "auto" }}
        >
          {ticks.map((t) => (
            <g key={t}>
              <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} stroke="var(--mantine-color-default-border)" strokeDasharray={t === 0 ? undefined : "3 3"} />
              <text x={PAD.left - 6} y={y(t)} textAnchor="end" dominantBaseline="middle" fontSize={11} fill="var(--mantine-color-dimmed)">
                {t}
              </text>
            </g>
          ))}
          {series.map((d, i) => {
            const x = PAD.left + i * slot + (slot - barW) / 2;
            const h = (d.count / top) * innerH;
            return (
              <g key={dayKey(d.day)}>
                <title>{`${longDay().format(d.day)}: ${d.count} ${d.count === 1 ? "sign-up" : "sign-ups"}`}</title>
                {/* An invisible full-height target, so a hover on an empty day still shows its title. */}
                <rect x={PAD.left + i * slot} y={PAD.top} width={slot} height={innerH} fill="transparent" />
                {d.count > 0 && <rect x={x} y={y(d.count)} width={barW} height={h} rx={2} fill="var(--mantine-color-cyan-6)" />}
                {(series.length - 1 - i) % labelEvery === 0 && (
                  <text x={x + barW / 2} y={H - 8} textAnchor="middle" fontSize={11} fill="var(--mantine-color-dimmed)">
                    {shortDay().format(d.day)}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
      </Box>
      <details>
        <summary style={{ cursor: "pointer", fontSize: "var(--mantine-font-size-sm)" }}>Show the numbers</summary>
        <Group mt="xs">
          <Table withTableBorder withColumnBorders={false} verticalSpacing={4} fz="sm" maw={360}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Day</Table.Th>
                <Table.Th scope="col" ta="right">
                  Sign-ups
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {series.map((d) => (
                <Table.Tr key={dayKey(d.day)}>
                  <Table.Th scope="row" fw={400}>
                    {longDay().format(d.day)}
                  </Table.Th>
                  <Table.Td ta="right">{d.count}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Group>
      </details>
    </Stack>
  );
}

/** 0 and 3–5 round steps up to at least `max`. */
function niceTicks(max: number): number[] {
  const rough = max / 4;
  const mag = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= rough) ?? 10 * mag);
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) ticks.push(v);
  return ticks;
}
