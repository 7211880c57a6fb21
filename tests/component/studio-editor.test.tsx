// The studio's editor: validation as you type from the shared zod schema, reordering steps,
// the server's fieldErrors shown at their field, import of a bad file listing its problems
// (and of a good one filling the editor without saving), and why an unverified instructor
// cannot publish.
import { afterEach, describe, expect, it, vi } from "vitest";
import { configure, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MantineProvider } from "@mantine/core";
import { QueryClientProvider } from "@tanstack/react-query";
import { createMemoryRouter, RouterProvider } from "react-router";
import { theme } from "../../client/app/theme.ts";
import { StudioEditPage, StudioNewPage } from "../../client/features/studio/editor-page.tsx";
import { CurrentUserContext, type Me } from "../../client/lib/auth.ts";
import { paths, studioEditPath } from "../../client/lib/paths.ts";
import { queryClient } from "../../client/lib/trpc.ts";
import type { ChatScenarioData } from "../../shared/schemas/content.ts";
import { fail, inputsOf, stubTrpc, type Output } from "./trpc-stub.ts";
import { profileAnswer } from "./fixtures.ts";

configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  vi.unstubAllGlobals();
});

const ME: Me = { id: "u1", email: "ina@example.com", role: "INSTRUCTOR", status: "ACTIVE", emailVerified: new Date(), name: "Ina Instructor", hasPassword: true, adminLevel: null };

const SCENARIO: ChatScenarioData = {
  persona: { name: "Dana", role: "Hiring manager" },
  brief: "You are interviewing for a support role.",
  goals: [
    { id: "motivation", description: "Explain your motivation", phrases: ["I want to"] },
    { id: "experience", description: "Give an example", phrases: ["for example"] },
  ],
  opening: "Hello.",
  steps: [
    { id: "step-1", say: "Why do you want this job?", expects: ["motivation"] },
    { id: "step-2", say: "Tell me about a hard customer.", expects: ["experience"] },
  ],
  closing: "Thank you.",
};

const STORED: Output<"content.get"> = {
  id: "c1",
  type: "CHAT_SCENARIO",
  title: "Why this job",
  description: null,
  category: "interview",
  difficulty: "beginner",
  data: SCENARIO,
  isPublished: false,
  version: 0,
  hasUnpublishedChanges: false,
  publishedAt: null,
  createdAt: new Date("2026-12-01T10:00:00Z"),
  updatedAt: new Date("2026-12-01T10:00:00Z"),
  views: 0,
  rating: 0,
  ratingCount: 0,
  fromLibrary: false,
};

type Profile = Output<"profile.get">;
const profile = (status: "verified" | "pending"): Profile =>
  profileAnswer({ email: ME.email, role: "INSTRUCTOR", name: ME.name, languages: [], verification: { kind: "instructor", status, since: new Date("2026-11-02T10:00:00Z"), reason: null } });

/** The editor inside a data router (useBlocker needs one), as the app renders it. */
function renderEditor(url: string) {
  queryClient.clear();
  const router = createMemoryRouter(
    [
      { path: paths.studioNew, element: <StudioNewPage /> },
      { path: paths.studioEdit, element: <StudioEditPage /> },
      { path: "*", element: <p>Another page</p> },
    ],
    { initialEntries: [url] },
  );
  render(
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <CurrentUserContext.Provider value={ME}>
          <RouterProvider router={router} />
        </CurrentUserContext.Provider>
      </QueryClientProvider>
    </MantineProvider>,
  );
  return router;
}

const stepCard = (n: number) => screen.getByRole("group", { name: `Step ${n}` });
const sayOf = (n: number) => within(stepCard(n)).getByRole("textbox", { name: "What the coach says" });

describe("studio editor", () => {
  it("validates as you type: a required field emptied shows the schema's message at the field", async () => {
    stubTrpc({ "profile.get": profile("verified") });
    const user = userEvent.setup();
    renderEditor("/studio/new/chat-scenario");
    expect(await screen.findByRole("heading", { name: "New chat scenario", level: 1 })).toBeInTheDocument();
    const say = sayOf(1);
    await user.type(say, "Hi");
    expect(within(stepCard(1)).queryByText("What the coach says is required")).not.toBeInTheDocument();
    await user.clear(say);
    expect(await within(stepCard(1)).findByText("What the coach says is required")).toBeInTheDocument();
    expect(say).toHaveAttribute("aria-invalid", "true");
    await user.type(say, "Why this job?");
    await waitFor(() => expect(within(stepCard(1)).queryByText("What the coach says is required")).not.toBeInTheDocument());
  }, 30_000);

  it("moves a step down with its button (focus follows it), and saves the new order", async () => {
    const calls = stubTrpc({
      "profile.get": profile("verified"),
      "content.get": STORED,
      "content.update": { id: "c1", hasUnpublishedChanges: false },
    });
    const user = userEvent.setup();
    renderEditor(studioEditPath("c1"));
    expect(await screen.findByRole("heading", { name: "Why this job", level: 1 })).toBeInTheDocument();
    expect(sayOf(1)).toHaveValue("Why do you want this job?");

    const down = within(stepCard(1)).getByRole("button", { name: "Move step 1 down" });
    await user.click(down);
    expect(sayOf(1)).toHaveValue("Tell me about a hard customer.");
    expect(sayOf(2)).toHaveValue("Why do you want this job?");
    // The moved step's "move up" button now has focus (it is last, so it cannot move down).
    await waitFor(() => expect(within(stepCard(2)).getByRole("button", { name: "Move step 2 up" })).toHaveFocus());
    expect(screen.getByText("Unsaved changes")).toBeInTheDocument();

    await user.click(screen.getAllByRole("button", { name: "Save" })[0]!);
    await waitFor(() => expect(inputsOf(calls, "content.update")).toHaveLength(1));
    const data = inputsOf(calls, "content.update")[0]!.data as ChatScenarioData;
    expect(data.steps.map((s) => s.id)).toEqual(["step-2", "step-1"]);
    expect(await screen.findByText(/^All changes saved/)).toBeInTheDocument();
  }, 30_000);

  it("saves with Ctrl+S and shows the server's fieldErrors at their field", async () => {
    stubTrpc({
      "profile.get": profile("verified"),
      "content.get": STORED,
      "content.update": fail({
        code: "BAD_REQUEST",
        message: "The coach's line repeats the opening",
        appCode: "INVALID_CONTENT",
        field: "data",
        fieldErrors: { "data.steps.1.say": ["The coach's line repeats the opening"], data: ["The coach's line repeats the opening"] },
      }),
    });
    const user = userEvent.setup();
    renderEditor(studioEditPath("c1"));
    await screen.findByRole("heading", { name: "Why this job", level: 1 });
    await user.type(sayOf(2), " Please.");
    // Ctrl+S saves, also while typing in a field.
    await user.keyboard("{Control>}s{/Control}");
    expect(await within(stepCard(2)).findByText("The coach's line repeats the opening")).toBeInTheDocument();
    expect(sayOf(2)).toHaveAttribute("aria-invalid", "true");
    expect(within(stepCard(1)).queryByText("The coach's line repeats the opening")).not.toBeInTheDocument();
    expect(screen.getByText("Some fields need your attention: see the messages next to them.")).toBeInTheDocument();
  }, 30_000);

  it("lists what is wrong with an imported file, and fills the editor from a good one without saving", async () => {
    const calls = stubTrpc({ "profile.get": profile("verified") });
    const user = userEvent.setup({ applyAccept: false });
    renderEditor("/studio/new/chat-scenario");
    await screen.findByRole("heading", { name: "New chat scenario", level: 1 });
    const input = document.querySelector<HTMLInputElement>('input[type="file"]')!;

    const bad = { type: "CHAT_SCENARIO", title: "", category: "interview", difficulty: "beginner", data: { ...SCENARIO, goals: [], steps: [{ id: "Step One", say: "Hi" }] } };
    await user.upload(input, new File([JSON.stringify(bad)], "bad.json", { type: "application/json" }));
    const problems = await screen.findByRole("list", { name: "Problems in the imported file" });
    const text = problems.textContent ?? "";
    expect(text).toContain("title: The title is required");
    expect(text).toContain("data.goals: Add at least 1 goal");
    expect(text).toContain("data.steps.0.id: Use 1–40 lowercase letters, digits or dashes");

    fireEvent.change(input, { target: { files: [new File(["{not json"], "broken.json", { type: "application/json" })] } });
    await waitFor(() => expect(screen.getByRole("list", { name: "Problems in the imported file" }).textContent).toMatch(/This is not a JSON file/));

    const good = { type: "CHAT_SCENARIO", title: "Imported scenario", description: "", category: "interview", difficulty: "advanced", data: SCENARIO };
    fireEvent.change(input, { target: { files: [new File([JSON.stringify(good)], "good.json", { type: "application/json" })] } });
    await waitFor(() => expect(screen.getByRole("textbox", { name: "Title" })).toHaveValue("Imported scenario"));
    expect(screen.queryByRole("list", { name: "Problems in the imported file" })).not.toBeInTheDocument();
    expect(sayOf(2)).toHaveValue("Tell me about a hard customer.");
    expect(inputsOf(calls, "content.create")).toHaveLength(0);
  }, 30_000);

  it("tells an unverified instructor why they cannot publish, and shows the server's refusal", async () => {
    const calls = stubTrpc({
      "profile.get": profile("pending"),
      "content.get": STORED,
      "content.publish": fail({ code: "FORBIDDEN", appCode: "INSTRUCTOR_NOT_VERIFIED", message: "Only verified instructors can publish. Complete your instructor profile and wait for an administrator to verify it; you can keep drafting meanwhile." }),
    });
    const user = userEvent.setup();
    renderEditor(studioEditPath("c1"));
    const notice = await screen.findByText("You cannot publish yet");
    const box = notice.closest<HTMLElement>('[role="status"]')!;
    expect(box).toHaveTextContent("Only verified instructors can publish");
    expect(within(box).getByRole("link", { name: "Complete your profile" })).toHaveAttribute("href", paths.settingsProfile);
    await user.click(screen.getByRole("button", { name: "Publish" }));
    await waitFor(() => expect(box).toHaveTextContent("Complete your instructor profile and wait for an administrator to verify it"));
    expect(inputsOf(calls, "content.publish")).toEqual([{ id: "c1" }]);
  }, 30_000);
});
