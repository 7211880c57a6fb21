// The scenario's goals as a checklist that ticks as the trainee covers them.
import { List, Text, ThemeIcon } from "@mantine/core";

export function GoalsChecklist({ goals, covered }: { goals: readonly { id: string; description: string }[]; covered: readonly string[] }) {
  const done = new Set(covered);
  return (
    <List spacing="xs" size="sm" center aria-label="Goals">
      {goals.map((g) => {
        const ok = done.has(g.id);
        return (
          <List.Item
            key={g.id}
            data-covered={ok}
            icon={
              <ThemeIcon size={20} radius="xl" color={ok ? "teal" : "gray"} variant={ok ? "filled" : "light"} aria-hidden>
                {ok ? "✓" : ""}
              </ThemeIcon>
            }
          >
            <Text size="sm" span>
              {g.description}
            </Text>
            <Text size="xs" c={ok ? "teal.9" : "dimmed"} span>
              {" "}
              — {ok ? "covered" : "not yet"}
            </Text>
          </List.Item>
        );
      })}
    </List>
  );
}
