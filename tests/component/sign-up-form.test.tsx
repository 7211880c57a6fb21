import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { SignUpPage } from "../../client/features/auth/sign-up-page.tsx";
import { paths } from "../../client/lib/paths.ts";
import { fail, inputsOf, stubTrpc } from "./trpc-stub.ts";
import { renderPage } from "./render-page.tsx";

function renderSignUp() {
  return renderPage(<SignUpPage />, { url: paths.signUp, path: paths.signUp });
}

async function fillBasics(user: ReturnType<typeof userEvent.setup>, password = "correct horse battery staple") {
  await user.type(screen.getByLabelText("Your name"), "Ana Lopez");
  await user.type(screen.getByLabelText("Email"), "ana@example.com");
  await user.type(screen.getByLabelText("Password"), password);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("sign-up form", () => {
  it("asks for a company name only when the account is for a company", async () => {
    const calls = stubTrpc({});
    const user = userEvent.setup();
    renderSignUp();
    expect(screen.queryByLabelText("Company name")).not.toBeInTheDocument();

    await fillBasics(user);
    await user.click(screen.getByRole("radio", { name: "Company" }));
    expect(screen.getByLabelText("Company name")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Create account" }));
    expect(await screen.findByText("Enter your company's name")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText("Company name")).toHaveFocus());
    expect(inputsOf(calls, "auth.signUp")).toEqual([]);
  });

  it("sends the company name with a company sign-up", async () => {
    const calls = stubTrpc({ "auth.signUp": { email: "ana@example.com" } });
    const user = userEvent.setup();
    renderSignUp();
    await fillBasics(user);
    await user.click(screen.getByRole("radio", { name: "Company" }));
    await user.type(screen.getByLabelText("Company name"), "Acme Hiring");
    await user.click(screen.getByRole("button", { name: "Create account" }));

    expect(await screen.findByRole("heading", { name: "Check your email" })).toBeInTheDocument();
    expect(inputsOf(calls, "auth.signUp")[0]).toEqual({
      name: "Ana Lopez",
      email: "ana@example.com",
      password: "correct horse battery staple",
      role: "COMPANY",
      companyName: "Acme Hiring",
    });
  });

  it("signs up a trainee without a company name and names the address to check", async () => {
    const calls = stubTrpc({ "auth.signUp": { email: "ana@example.com" } });
    const user = userEvent.setup();
    renderSignUp();
    await fillBasics(user);
    await user.click(screen.getByRole("button", { name: "Create account" }));

    expect(await screen.findByRole("heading", { name: "Check your email" })).toBeInTheDocument();
    expect(screen.getByText("ana@example.com")).toBeInTheDocument();
    const input = inputsOf(calls, "auth.signUp")[0];
    expect(input?.role).toBe("TRAINEE");
    expect(input?.companyName).toBeUndefined();
    // Signing up does not sign in: the next step is the sign-in page.
    expect(screen.getByRole("link", { name: "Go to sign in" })).toHaveAttribute("href", paths.signIn);
  });

  it("switching away from Company drops the company name requirement", async () => {
    const calls = stubTrpc({ "auth.signUp": { email: "ana@example.com" } });
    const user = userEvent.setup();
    renderSignUp();
    await fillBasics(user);
    await user.click(screen.getByRole("radio", { name: "Company" }));
    await user.click(screen.getByRole("radio", { name: "Instructor" }));
    expect(screen.queryByLabelText("Company name")).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Create account" }));
    expect(await screen.findByRole("heading", { name: "Check your email" })).toBeInTheDocument();
    expect(inputsOf(calls, "auth.signUp")[0]?.role).toBe("INSTRUCTOR");
  });

  it("shows the server's reason for refusing a common password under the password field", async () => {
    const reason = "This is a commonly used password. Add more words that are less common.";
    stubTrpc({ "auth.signUp": fail({ code: "BAD_REQUEST", appCode: "WEAK_PASSWORD", message: reason }) });
    const user = userEvent.setup();
    renderSignUp();
    await fillBasics(user, "password123");
    await user.click(screen.getByRole("button", { name: "Create account" }));

    expect(await screen.findByText(reason)).toBeInTheDocument();
    expect(screen.getByLabelText("Password")).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByRole("heading", { name: "Check your email" })).not.toBeInTheDocument();
  });
});
