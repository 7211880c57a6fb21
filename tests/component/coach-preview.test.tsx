import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { CoachPreview } from "../../client/features/studio/coach-preview.tsx";
import { fail, inputsOf, stubTrpc, type CallInput } from "./trpc-stub.ts";
import { renderPage } from "./render-page.tsx";

const data = {
  persona: { name: "Rachel", role: "Recruiter" },
  goals: [
    { id: "thanks", description: "Thank them", phrases: ["thanks"] },
    { id: "figure", description: "Name a figure", phrases: ["58,000"] },
  ],
  opening: "Hello there.",
};

/** A stand-in for the server's preview: echoes the last message; "thanks" covers a goal; "bye" ends it. */
function previewStub(input: CallInput<"content.previewReply">) {
  const turns = input?.turns ?? [];
  const last = turns.at(-1)?.text ?? "";
  const said = turns.filter((t) => t.role === "trainee").map((t) => t.text.toLowerCase());
  return {
    reply: turns.length === 0 ? "Hello there." : `You said: ${last}`,
    finished: /bye/i.test(last),
    coveredGoals: said.some((s) => s.includes("thanks")) ? ["thanks"] : [],
  };
}

function renderPreview(stub = previewStub as Parameters<typeof stubTrpc>[0]["content.previewReply"]) {
  const calls = stubTrpc({ "content.previewReply": stub });
  renderPage(<CoachPreview type="CHAT_SCENARIO" title="Offer talk" data={data} />, { url: "/studio/x", path: "/studio/:id" });
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("coach preview", () => {
  it("starts with the opening, sends on Enter, shows the reply and ticks covered goals", async () => {
    const calls = renderPreview();
    const user = userEvent.setup();
    const log = screen.getByRole("log", { name: "Preview conversation" });
    expect(log).toHaveAttribute("aria-live", "polite");
    expect(screen.getByText("Thank them").parentElement).toHaveTextContent("(not covered yet)");

    await user.click(screen.getByRole("button", { name: "Start preview" }));
    expect(await within(log).findByText("Hello there.")).toBeInTheDocument();

    const box = screen.getByLabelText("Your answer");
    await user.type(box, "Many thanks{Enter}");
    expect(await within(log).findByText("You said: Many thanks")).toBeInTheDocument();
    expect(within(log).getByText("Many thanks")).toBeInTheDocument();
    expect(screen.getByText("Thank them").parentElement).toHaveTextContent("(covered)");
    expect(screen.getByText("Name a figure").parentElement).toHaveTextContent("(not covered yet)");
    expect(box).toHaveValue("");

    const inputs = inputsOf(calls, "content.previewReply");
    expect(inputs).toEqual([
      { type: "CHAT_SCENARIO", title: "Offer talk", data, turns: [] },
      {
        type: "CHAT_SCENARIO",
        title: "Offer talk",
        data,
        turns: [
          { role: "coach", text: "Hello there." },
          { role: "trainee", text: "Many thanks" },
        ],
      },
    ]);
  });

  it("keeps Shift+Enter for a new line, and restarts from the opening", async () => {
    const calls = renderPreview();
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Start preview" }));
    const box = await screen.findByLabelText("Your answer");
    await user.type(box, "Line one{Shift>}{Enter}{/Shift}line two");
    expect(box).toHaveValue("Line one\nline two");
    expect(inputsOf(calls, "content.previewReply")).toHaveLength(1);
    await user.click(screen.getByRole("button", { name: "Send" }));
    expect(await screen.findByText("You said: Line one line two", { normalizer: (s) => s.replace(/\s+/g, " ") })).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Restart" }));
    await waitFor(() => expect(screen.queryByText(/You said/)).not.toBeInTheDocument());
    expect(inputsOf(calls, "content.previewReply").at(-1)?.turns).toEqual([]);
  });

  it("says when the script is finished, and lets you start again", async () => {
    renderPreview();
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Start preview" }));
    await user.type(await screen.findByLabelText("Your answer"), "Thanks, bye{Enter}");
    expect(await screen.findByText("The script is finished")).toBeInTheDocument();
    expect(screen.queryByLabelText("Your answer")).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Start again" }));
    expect(await screen.findByLabelText("Your answer")).toBeInTheDocument();
  });

  it("lists the draft's problems when the server refuses it", async () => {
    renderPreview(() =>
      fail({
        code: "BAD_REQUEST",
        message: "What the coach says is required",
        appCode: "INVALID_CONTENT",
        field: "data",
        fieldErrors: { "data.steps.0.say": ["What the coach says is required"], data: ["What the coach says is required"] },
      }),
    );
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Start preview" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Fix the draft to preview it");
    expect(alert).toHaveTextContent("steps.0.say: What the coach says is required");
    expect(screen.getByRole("button", { name: "Start preview" })).toBeInTheDocument();
  });

  it("gives a failed message back to the box", async () => {
    let n = 0;
    renderPreview((input) => (++n === 1 ? previewStub(input) : fail({ code: "TOO_MANY_REQUESTS", message: "Too many attempts. Try again in 20 seconds.", retryAfterSeconds: 20 })));
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Start preview" }));
    const box = await screen.findByLabelText("Your answer");
    await user.type(box, "Hello?{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent("Too many attempts. Try again in 20 seconds.");
    expect(box).toHaveValue("Hello?");
    expect(within(screen.getByRole("log")).queryByText("Hello?")).not.toBeInTheDocument();
  });
});
