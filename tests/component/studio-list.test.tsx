// The studio's list: the empty state invites a first item; rows show status and use; "Load
// more" sends the keyset cursor; the title search is debounced into one request; delete asks
// first and then removes the item.
import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { StudioPage } from "../../client/features/studio/studio-page.tsx";
import { CurrentUserContext, type Me } from "../../client/lib/auth.ts";
import { paths } from "../../client/lib/paths.ts";
import { inputsOf, stubTrpc, type Output } from "./trpc-stub.ts";
import { renderPage } from "./render-page.tsx";

afterEach(() => {
  vi.unstubAllGlobals();
});

const ME: Me = { id: "u1", email: "ina@example.com", role: "ADMIN", status: "ACTIVE", emailVerified: new Date(), name: "Ina Admin", hasPassword: true, adminLevel: 3 };

type Row = Output<"content.mine">["items"][number];
const row = (id: string, title: string, over: Partial<Row> = {}): Row => ({
  id,
  type: "CHAT_SCENARIO",
  title,
  category: "interview",
  difficulty: "beginner",
  status: "draft",
  version: 0,
  hasUnpublishedChanges: false,
  publishedAt: null,
  updatedAt: new Date(),
  views: 0,
  rating: 0,
  ratingCount: 0,
  completions: 0,
  averageScore: null,
  ...over,
});

const renderStudio = (url: string = paths.studio) =>
  renderPage(
    <CurrentUserContext.Provider value={ME}>
      <StudioPage />
    </CurrentUserContext.Provider>,
    { url, path: paths.studio },
  );

describe("studio list", () => {
  it("invites a first item when there is nothing yet", async () => {
    stubTrpc({ "content.mine": { items: [], nextCursor: null } });
    renderStudio();
    expect(await screen.findByRole("heading", { name: "Create your first item" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "New chat scenario" })).toHaveAttribute("href", "/studio/new/chat-scenario");
  });

  it("shows status and use, loads more with the cursor, and searches once typing pauses", async () => {
    const calls = stubTrpc({
      "content.mine": (input) =>
        input?.q
          ? { items: [row("c9", "Salary talk")], nextCursor: null }
          : input?.cursor === "next-1"
            ? { items: [row("c3", "Old lesson", { type: "LESSON" })], nextCursor: null }
            : {
                items: [
                  row("c1", "Why this job", { status: "published", version: 1, views: 12, rating: 4.5, ratingCount: 2, completions: 3 }),
                  row("c2", "Angry customer", { status: "published", version: 1, hasUnpublishedChanges: true }),
                ],
                nextCursor: "next-1",
              },
    });
    const user = userEvent.setup();
    renderStudio();
    const first = await screen.findByRole("row", { name: /Why this job/ });
    expect(first).toHaveTextContent("Published");
    expect(first).toHaveTextContent("★ 4.5 (2)");
    expect(screen.getByRole("row", { name: /Angry customer/ })).toHaveTextContent("Changes pending");

    await user.click(screen.getByRole("button", { name: "Load more" }));
    expect(await screen.findByRole("row", { name: /Old lesson/ })).toHaveTextContent("Lesson");
    expect(inputsOf(calls, "content.mine").map((i) => i?.cursor)).toEqual([undefined, "next-1"]);

    await user.type(screen.getByRole("textbox", { name: "Search by title" }), "salary");
    expect(await screen.findByRole("row", { name: /Salary talk/ })).toBeInTheDocument();
    // One request for the whole word, not one per keystroke.
    expect(inputsOf(calls, "content.mine").filter((i) => i?.q).map((i) => i?.q)).toEqual(["salary"]);
    expect(screen.getByLabelText("current location")).toHaveTextContent("/studio?q=salary");
  });

  it("deletes an item only after confirming", async () => {
    let gone = false;
    const calls = stubTrpc({
      "content.mine": () => ({ items: gone ? [] : [row("c1", "Why this job")], nextCursor: null }),
      "content.delete": () => {
        gone = true;
        return { id: "c1" };
      },
    });
    const user = userEvent.setup();
    renderStudio();
    await screen.findByRole("row", { name: /Why this job/ });
    await user.click(screen.getByRole("button", { name: "Actions for “Why this job”" }));
    await user.click(await screen.findByRole("menuitem", { name: "Delete…", hidden: true }));
    const dialog = await screen.findByRole("dialog", { name: "Delete “Why this job”?" });
    expect(inputsOf(calls, "content.delete")).toHaveLength(0);
    await user.click(within(dialog).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(inputsOf(calls, "content.delete")).toEqual([{ id: "c1" }]));
    expect(await screen.findByRole("heading", { name: "Create your first item" })).toBeInTheDocument();
  });
});
