// Move up / move down / remove for one item of a list in the editor (goals, steps, questions,
// sections, options…). Plain buttons, so they work from the keyboard; after a move, focus
// follows the item to its new place.
import { ActionIcon, Group, Tooltip } from "@mantine/core";

type Props = {
  /** Unique per list, for the buttons' ids ("data.steps"). */
  listPath: string;
  index: number;
  count: number;
  /** How a person calls the item: "step 2". */
  name: string;
  onMove: (from: number, to: number) => void;
  onRemove?: () => void;
  /** Removing is refused below this many items (the schema's minimum). */
  min?: number;
};

const buttonId = (listPath: string, index: number, dir: "up" | "down") => `${listPath}.${index}-${dir}`;

export function ItemControls({ listPath, index, count, name, onMove, onRemove, min = 0 }: Props) {
  const move = (to: number, dir: "up" | "down") => {
    onMove(index, to);
    // The item is now at `to`; keep focus on the same button of the same item when it exists.
    setTimeout(() => {
      const same = document.getElementById(buttonId(listPath, to, dir)) as HTMLButtonElement | null;
      const other = document.getElementById(buttonId(listPath, to, dir === "up" ? "down" : "up")) as HTMLButtonElement | null;
      (same && !same.disabled ? same : other)?.focus();
    }, 0);
  };
  return (
    <Group gap={4} wrap="nowrap">
      <Tooltip label={`Move ${name} up`} withinPortal={false}>
        <ActionIcon id={buttonId(listPath, index, "up")} variant="default" aria-label={`Move ${name} up`} disabled={index === 0} onClick={() => move(index - 1, "up")}>
          <span aria-hidden>↑</span>
        </ActionIcon>
      </Tooltip>
      <Tooltip label={`Move ${name} down`} withinPortal={false}>
        <ActionIcon id={buttonId(listPath, index, "down")} variant="default" aria-label={`Move ${name} down`} disabled={index === count - 1} onClick={() => move(index + 1, "down")}>
          <span aria-hidden>↓</span>
        </ActionIcon>
      </Tooltip>
      {onRemove && (
        <Tooltip label={`Remove ${name}`} withinPortal={false}>
          <ActionIcon variant="default" color="red" aria-label={`Remove ${name}`} disabled={count <= min} onClick={onRemove}>
            <span aria-hidden>✕</span>
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}
