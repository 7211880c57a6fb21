// The chat conversation view (shared by the practice chat page and the studio's preview):
// bubbles with their speaker, the coach's fallback notice, the typing indicator and the reply
// as it streams, Enter to send (Shift+Enter for a new line), a failed send keeping the text,
// and no composer when the conversation is closed or read-only.
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MantineProvider } from "@mantine/core";
import { describe, expect, it } from "vitest";
import { ChatConversation, type ChatConversationProps } from "../../client/features/practice/chat-conversation.tsx";

const MESSAGES = [
  { id: "1", role: "coach" as const, text: "Tell me about yourself." },
  { id: "2", role: "trainee" as const, text: "I worked in support." },
  { id: "3", role: "coach" as const, text: "Thanks. What is your main strength?", notice: "The AI coach was unavailable, so the scripted coach answered." },
];

const view = (props: Partial<ChatConversationProps> = {}) =>
  render(
    <MantineProvider>
      <ChatConversation messages={MESSAGES} coachName="Maya" streamingText={null} {...props} />
    </MantineProvider>,
  );

describe("ChatConversation", () => {
  it("shows each message in a bubble with its speaker, and the coach's fallback notice", () => {
    view();
    const log = screen.getByRole("log", { name: "Conversation with Maya" });
    expect(log.textContent).toContain("MayaTell me about yourself.");
    expect(log.textContent).toContain("YouI worked in support.");
    expect(screen.getByText(/The AI coach was unavailable/)).toBeVisible();
    // Read-only without onSend.
    expect(screen.queryByLabelText("Your message")).toBeNull();
  });

  it("shows a typing indicator until the first words, then the reply as it streams, and says so politely", () => {
    const { rerender } = view({ streamingText: "" });
    expect(screen.getByTestId("typing-indicator")).toBeInTheDocument();
    expect(screen.getByRole("status").textContent).toBe("Maya is replying…");
    rerender(
      <MantineProvider>
        <ChatConversation messages={MESSAGES} coachName="Maya" streamingText="Great, and why" />
      </MantineProvider>,
    );
    expect(screen.queryByTestId("typing-indicator")).toBeNull();
    expect(screen.getByText("Great, and why")).toBeInTheDocument();
    rerender(
      <MantineProvider>
        <ChatConversation messages={MESSAGES} coachName="Maya" streamingText={null} />
      </MantineProvider>,
    );
    expect(screen.getByRole("status").textContent).toBe("");
  });

  it("sends with Enter (trimmed), starts a new line with Shift+Enter, and keeps the text when sending fails", async () => {
    const sent: string[] = [];
    let ok = true;
    view({ onSend: (t) => (sent.push(t), ok) });
    const box = screen.getByLabelText("Your message");
    await userEvent.type(box, "  Hello{Shift>}{Enter}{/Shift}there  ");
    expect(sent).toEqual([]);
    await userEvent.type(box, "{Enter}");
    expect(sent).toEqual(["Hello\nthere"]);
    await waitFor(() => expect(box).toHaveValue(""));
    ok = false;
    await userEvent.type(box, "Second");
    await userEvent.click(screen.getByRole("button", { name: "Send" }));
    expect(sent).toEqual(["Hello\nthere", "Second"]);
    await waitFor(() => expect(box).toHaveValue("Second"));
  });

  it("has no composer once the conversation is closed, and says why", () => {
    view({ onSend: () => true, closedReason: "No more messages can be sent in this conversation." });
    expect(screen.queryByLabelText("Your message")).toBeNull();
    expect(screen.getByText("No more messages can be sent in this conversation.")).toBeVisible();
  });
});
