// ConfirmModal mounts nothing until it first opens (a list can have one per row: each closed
// Mantine modal mounted a portal whose effects set state as the page mounted), then behaves as a
// modal dialog: focus on the harmless choice, Escape closes it, and it can open again.
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { ConfirmModal } from "../../client/components/confirm-modal.tsx";
import { theme } from "../../client/app/theme.ts";

function Row() {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(0);
  return (
    <>
      <button onClick={() => setOpen(true)}>Delete…</button>
      <output aria-label="deleted">{done}</output>
      <ConfirmModal opened={open} onClose={() => setOpen(false)} title="Delete “Intro”?" confirmLabel="Delete" onConfirm={() => (setDone((n) => n + 1), setOpen(false))}>
        This cannot be undone.
      </ConfirmModal>
    </>
  );
}

describe("ConfirmModal", () => {
  it("mounts nothing while it has never been opened, then opens, closes and opens again", async () => {
    render(
      <MantineProvider theme={theme}>
        <Row />
        <Row />
        <Row />
      </MantineProvider>,
    );
    // Three rows, no portal and no dialog in the document.
    expect(document.querySelectorAll("[data-portal]")).toHaveLength(0);
    expect(screen.queryByRole("dialog")).toBeNull();

    fireEvent.click(screen.getAllByRole("button", { name: "Delete…" })[1]!);
    const dialog = await screen.findByRole("dialog", { name: "Delete “Intro”?" });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole("button", { name: "Cancel" })));
    expect(dialog.textContent).toContain("This cannot be undone.");
    fireEvent.keyDown(dialog, { key: "Escape" });
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());

    fireEvent.click(screen.getAllByRole("button", { name: "Delete…" })[1]!);
    fireEvent.click(await screen.findByRole("button", { name: "Delete" }));
    await waitFor(() => expect(screen.getAllByRole("status", { name: "deleted" }).map((o) => o.textContent)).toEqual(["0", "1", "0"]));
  });
});
