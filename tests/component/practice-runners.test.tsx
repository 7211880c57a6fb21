// The trainee's quiz and exercise runners: every question kind answered (order with keyboard
// move buttons), answers sent to catalog.complete in the server's shape, each result shown with
// the failed checks and explanations, try again; mark as read; rating after a completion.
import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ExerciseRunner } from "../../client/features/practice/exercise-runner.tsx";
import { MarkAsRead, QuizRunner } from "../../client/features/practice/quiz-runner.tsx";
import { RateContent } from "../../client/features/practice/rate-content.tsx";
import type { TraineeExercise, TraineeQuestion } from "../../shared/schemas/content.ts";
import { fail, inputsOf, stubTrpc, type Output } from "./trpc-stub.ts";
import { CatalogItemPage } from "../../client/features/practice/catalog-item-page.tsx";
import { CurrentUserContext, type Me } from "../../client/lib/auth.ts";
import { renderPage } from "./render-page.tsx";

afterEach(() => {
  vi.unstubAllGlobals();
});

const QUIZ: TraineeQuestion[] = [
  { id: "q1", kind: "single", prompt: "Pick B", points: 1, options: ["A", "B", "C"] },
  { id: "q2", kind: "multiple", prompt: "Pick A and C", points: 1, options: ["A", "B", "C"] },
  { id: "q3", kind: "true_false", prompt: "The sky is green", points: 1 },
  { id: "q4", kind: "text", prompt: "Capital of France?", points: 1 },
  { id: "q5", kind: "order", prompt: "Order them", points: 1, items: ["second", "first", "third"] },
];

const TRAINEE: Me = { id: "u-t", email: "t@example.com", role: "TRAINEE", status: "ACTIVE", emailVerified: new Date(), name: "Tia", hasPassword: true, adminLevel: null };
const at = (path = "/practice/c1") => ({ url: path, path: "/practice/:id" });

describe("quiz runner", () => {
  it("answers every kind, sends the answers, shows each result with the right answer and explanation, and tries again", async () => {
    const user = userEvent.setup();
    const calls = stubTrpc({
      "catalog.complete": {
        score: 80,
        completionId: "done-1",
        items: [
          { id: "q1", correct: true, feedback: [{ check: "answer", passed: true, message: "Correct." }], correctAnswer: "B" },
          { id: "q2", correct: true, feedback: [{ check: "answer", passed: true, message: "Correct." }], correctAnswer: ["A", "C"] },
          { id: "q3", correct: false, feedback: [{ check: "answer", passed: false, message: "Not quite." }], correctAnswer: "False", explanation: "Skies are blue." },
          { id: "q4", correct: true, feedback: [{ check: "answer", passed: true, message: "Correct." }], correctAnswer: "Paris" },
          { id: "q5", correct: true, feedback: [{ check: "answer", passed: true, message: "Correct." }], correctAnswer: ["first", "second", "third"] },
        ],
      },
    });
    const onCompleted = vi.fn();
    renderPage(<QuizRunner contentId="c1" questions={QUIZ} onCompleted={onCompleted} />, at());
    // Nothing revealed before submitting.
    expect(screen.queryByText("Skies are blue.")).toBeNull();
    await user.click(screen.getByRole("radio", { name: "B" }));
    const multi = screen.getByRole("group", { name: /Pick A and C/ });
    await user.click(within(multi).getByRole("checkbox", { name: "C" }));
    await user.click(within(multi).getByRole("checkbox", { name: "A" }));
    await user.click(screen.getByRole("radio", { name: "True" }));
    await user.type(screen.getByRole("textbox", { name: /Capital of France/ }), "Paris");
    // Keyboard: focus "Move “first” up" and press Enter.
    screen.getByRole("button", { name: "Move “first” up" }).focus();
    await user.keyboard("{Enter}");
    expect(screen.getByRole("button", { name: "Move “first” up" })).toBeDisabled();
    await user.click(screen.getByRole("button", { name: "Check my answers" }));

    expect(await screen.findByText("Your score: 80%")).toBeTruthy();
    expect(inputsOf(calls, "catalog.complete")).toEqual([{ id: "c1", answers: { q1: 1, q2: [0, 2], q3: true, q4: "Paris", q5: ["first", "second", "third"] } }]);
    expect(screen.getByText("Skies are blue.")).toBeTruthy();
    expect(screen.getByText("False", { exact: false, selector: "p" }).textContent).toContain("Right answer: False");
    expect(screen.getAllByText("Right")).toHaveLength(4);
    expect(screen.getAllByText("Not right")).toHaveLength(1);
    expect(onCompleted).toHaveBeenCalledTimes(1);
    // Inputs are locked with the result; try again clears it.
    expect(screen.getByRole("radio", { name: "B" })).toBeDisabled();
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(screen.queryByText("Skies are blue.")).toBeNull();
    expect(screen.getByRole("radio", { name: "B" })).not.toBeChecked();
    expect(screen.getByRole("button", { name: "Check my answers" })).toBeTruthy();
  });

  it("says how many are unanswered and shows the server's refusal", async () => {
    const user = userEvent.setup();
    stubTrpc({ "catalog.complete": fail({ code: "TOO_MANY_REQUESTS", message: "Too many attempts. Try again in 30 seconds." }) });
    renderPage(<QuizRunner contentId="c1" questions={QUIZ} />, at());
    expect(screen.getByText(/4 questions not answered yet/)).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Check my answers" }));
    expect(await screen.findByText("Too many attempts. Try again in 30 seconds.")).toBeTruthy();
  });

  it("marks a lesson without a quiz as read", async () => {
    const user = userEvent.setup();
    const calls = stubTrpc({ "catalog.complete": { score: null, items: [], completionId: "d" } });
    renderPage(<MarkAsRead contentId="c9" completed={false} />, at());
    await user.click(screen.getByRole("button", { name: "Mark as read" }));
    expect(await screen.findByText("✓ Marked as read.")).toBeTruthy();
    expect(inputsOf(calls, "catalog.complete")).toEqual([{ id: "c9" }]);
  });
});

const EXERCISE: TraineeExercise = {
  instructions: "Do the items.",
  items: [
    { id: "f1", kind: "fill", prompt: "I look forward ___ hearing from you.", maxWords: null, hint: "A preposition." },
    { id: "r1", kind: "rewrite", prompt: "Rewrite: Due to the fact that it rained, we stayed.", maxWords: 5, hint: null },
  ],
};

describe("exercise runner", () => {
  it("gives hints on demand, counts words, shows which rewrite check failed and why, and keeps answers on try again", async () => {
    const user = userEvent.setup();
    const calls = stubTrpc({
      "catalog.complete": {
        score: 50,
        completionId: "x",
        items: [
          { id: "f1", correct: true, feedback: [{ check: "answer", passed: true, message: "Correct." }], correctAnswer: "to" },
          {
            id: "r1",
            correct: false,
            feedback: [
              { check: "mustInclude", passed: false, message: "Use “because” in your answer." },
              { check: "maxWords", passed: false, message: "6 words: cut it to 5 or fewer." },
            ],
            explanation: "Because it rained, we stayed.",
          },
        ],
      },
    });
    renderPage(<ExerciseRunner contentId="e1" exercise={EXERCISE} />, at());
    const hint = screen.getByRole("button", { name: "Show a hint" });
    expect(hint).toHaveAttribute("aria-expanded", "false");
    expect(screen.getByText("Hint: A preposition.")).not.toBeVisible();
    await user.click(hint);
    expect(screen.getByText("Hint: A preposition.")).toBeVisible();
    await user.type(screen.getByRole("textbox", { name: /look forward/ }), "to");
    const rewrite = screen.getByRole("textbox", { name: /Rewrite/ });
    await user.type(rewrite, "As it rained we all stayed");
    expect(screen.getByText("6 words: 1 over the limit")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Check my answers" }));
    expect(await screen.findByText("Your score: 50%")).toBeTruthy();
    expect(inputsOf(calls, "catalog.complete")).toEqual([{ id: "e1", answers: { f1: "to", r1: "As it rained we all stayed" } }]);
    const checks = screen.getByRole("list", { name: "Checks" });
    expect(within(checks).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["✗Failed: Use “because” in your answer.", "✗Failed: 6 words: cut it to 5 or fewer."]);
    expect(screen.getByText("Because it rained, we stayed.")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(screen.getByRole("textbox", { name: /Rewrite/ })).toHaveValue("As it rained we all stayed");
    expect(screen.getByRole("textbox", { name: /Rewrite/ })).not.toBeDisabled();
  });
});

describe("rating", () => {
  it("asks to finish first; after a completion sends stars and a comment", async () => {
    const user = userEvent.setup();
    const calls = stubTrpc({ "content.rate": { rating: 4.5, ratingCount: 2, stars: 4 } });
    const { unmount } = renderPage(<RateContent contentId="c1" completed={false} rating={0} ratingCount={0} myRating={null} />, at());
    expect(screen.getByText("Finish it once to rate it.")).toBeTruthy();
    expect(screen.getByText("Not rated yet")).toBeTruthy();
    unmount();
    renderPage(<RateContent contentId="c1" completed rating={5} ratingCount={1} myRating={null} />, at());
    expect(screen.getByText("5.0 out of 5 from 1 rating")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Send my rating" }));
    expect(screen.getByRole("alert").textContent).toBe("Choose 1 to 5 stars.");
    // Keyboard: the stars are radios; arrow keys move to one, Space chooses it.
    screen.getByRole("radio", { name: "0 stars" }).focus();
    await user.keyboard("{ArrowRight}{ArrowRight}{ArrowRight}{ArrowRight}");
    expect(document.activeElement).toBe(screen.getByRole("radio", { name: "4 stars" }));
    await user.keyboard(" ");
    await user.type(screen.getByRole("textbox", { name: "Comment (optional)" }), "Useful");
    await user.click(screen.getByRole("button", { name: "Send my rating" }));
    expect(await screen.findByText("Thank you, your rating is saved.")).toBeTruthy();
    expect(inputsOf(calls, "content.rate")).toEqual([{ id: "c1", stars: 4, comment: "Useful" }]);
  });
});

describe("the item page", () => {
  it("runs an exercise, opens rating after the completion, and tries again", async () => {
    const user = userEvent.setup();
    const item: Output<"catalog.get"> = {
      id: "e1",
      type: "EXERCISE",
      title: "Concise emails",
      description: null,
      category: "writing",
      difficulty: "beginner",
      estimatedMinutes: 5,
      rating: 0,
      ratingCount: 0,
      views: 1,
      publishedAt: new Date(),
      version: 1,
      author: "HireXp Library",
      data: EXERCISE,
      completedCount: 0,
      myRating: null,
    };
    stubTrpc({
      "catalog.get": item,
      "catalog.complete": { score: 0, completionId: "x", items: [{ id: "f1", correct: false, feedback: [{ check: "answer", passed: false, message: "Not one of the accepted answers." }], correctAnswer: "to" }] },
    });
    renderPage(
      <CurrentUserContext value={TRAINEE}>
        <CatalogItemPage />
      </CurrentUserContext>,
      at("/practice/e1"),
    );
    await user.type(await screen.findByRole("textbox", { name: /look forward/ }), "for");
    expect(screen.getByText("Finish it once to rate it.")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Check my answers" }));
    expect(await screen.findByText("Your score: 0%")).toBeTruthy();
    expect(await screen.findByRole("button", { name: "Send my rating" })).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(screen.getByRole("textbox", { name: /look forward/ })).not.toBeDisabled();
    expect(screen.getByRole("textbox", { name: /look forward/ })).toHaveValue("for");
  });
});
