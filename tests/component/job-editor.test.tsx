// The company's job editor: the shared zod rules checked before sending (nothing is sent while
// a field is wrong), the tag inputs and the level select in the request, the jobs list after
// posting; on an existing job, the loaded values and the server's field errors next to their field.
import { afterEach, describe, expect, it, vi } from "vitest";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { EditJobPage, NewJobPage } from "../../client/features/company/job-editor-page.tsx";
import { companyJobEditPath, paths } from "../../client/lib/paths.ts";
import { fail, inputsOf, stubTrpc } from "./trpc-stub.ts";
import { renderPage } from "./render-page.tsx";

afterEach(() => {
  vi.unstubAllGlobals();
});

const JOB = {
  id: "job1",
  title: "Support specialist",
  description: "Help our customers by chat and phone, in clear English.",
  requirements: ["Two years in support"],
  requiredSkills: ["English"],
  experienceLevel: "junior",
  location: "Lisbon",
  salary: null,
  isActive: true,
  applicants: 3,
  createdAt: new Date("2026-12-01T10:00:00Z"),
  updatedAt: new Date("2026-12-01T10:00:00Z"),
};

const field = (label: string) => screen.getByRole("textbox", { name: label });
const combo = (label: string) => screen.getByRole("combobox", { name: label });

describe("job editor", () => {
  it("checks the fields before sending, then posts the job with its tags and level and opens the jobs list", async () => {
    const user = userEvent.setup();
    const calls = stubTrpc({ "company.jobs.create": (input) => ({ ...JOB, ...input!, location: input?.location ?? null, salary: input?.salary ?? null, requirements: input?.requirements ?? [], requiredSkills: input?.requiredSkills ?? [] }) });
    renderPage(<NewJobPage />, { url: paths.companyJobNew, path: paths.companyJobNew });
    await user.click(screen.getByRole("button", { name: "Post the job" }));
    expect(await screen.findByText("Give the job a title (at least 3 characters)")).toBeTruthy();
    expect(screen.getByText("Describe the job (at least 20 characters)")).toBeTruthy();
    expect(screen.getByText("Choose an experience level from the list")).toBeTruthy();
    await vi.waitFor(() => expect(document.activeElement).toBe(field("Title")));
    expect(inputsOf(calls, "company.jobs.create")).toEqual([]);

    await user.type(field("Title"), "Support specialist");
    await user.type(field("Description"), "Help our customers by chat and phone, in clear English.");
    await user.type(combo("Requirements"), "Two years in support{Enter}");
    await user.type(combo("Required skills"), "English{Enter}Negotiation{Enter}english{Enter}");
    await user.click(combo("Experience level"));
    // jsdom runs no CSS transitions: the dropdown stays display:none, so hidden options count.
    await user.click(await screen.findByRole("option", { name: "Senior", hidden: true }));
    await user.type(field("Salary"), "  ");
    await user.click(screen.getByRole("button", { name: "Post the job" }));
    await vi.waitFor(() =>
      expect(inputsOf(calls, "company.jobs.create")).toEqual([
        {
          title: "Support specialist",
          description: "Help our customers by chat and phone, in clear English.",
          requirements: ["Two years in support"],
          requiredSkills: ["English", "Negotiation"], // the same skill again, in other case, is not added
          experienceLevel: "senior",
          location: null,
          salary: null,
        },
      ]),
    );
    await vi.waitFor(() => expect(screen.getByRole("status", { name: "current location" }).textContent).toBe(paths.companyJobs));
  });

  it("edits a loaded job and shows the server's field error next to its field", async () => {
    const user = userEvent.setup();
    const calls = stubTrpc({
      "company.jobs.get": JOB,
      "company.jobs.update": fail({ code: "BAD_REQUEST", message: "A title has at most 120 characters", fieldErrors: { title: ["A title has at most 120 characters"] } }),
    });
    renderPage(<EditJobPage />, { url: companyJobEditPath("job1"), path: paths.companyJobEdit });
    expect(await screen.findByRole("heading", { level: 1, name: "Edit “Support specialist”" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "3 applicants" })).toBeTruthy();
    expect((field("Location") as HTMLInputElement).value).toBe("Lisbon");
    await user.clear(field("Title"));
    await user.type(field("Title"), "Senior support specialist");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("A title has at most 120 characters")).toBeTruthy();
    expect(inputsOf(calls, "company.jobs.update")).toEqual([
      { id: "job1", title: "Senior support specialist", description: JOB.description, requirements: JOB.requirements, requiredSkills: JOB.requiredSkills, experienceLevel: "junior", location: "Lisbon", salary: null },
    ]);
  });

  it("leaves without asking when nothing was changed", async () => {
    const user = userEvent.setup();
    stubTrpc({ "company.jobs.get": JOB });
    renderPage(<EditJobPage />, { url: companyJobEditPath("job1"), path: paths.companyJobEdit });
    expect(await screen.findByRole("heading", { level: 1, name: "Edit “Support specialist”" })).toBeTruthy();
    // Nothing changed yet: Cancel leaves without asking.
    await user.click(screen.getByRole("link", { name: "Cancel" }));
    await vi.waitFor(() => expect(screen.getByRole("status", { name: "current location" }).textContent).toBe(paths.companyJobs));
  });

  it("keeps unsaved edits when the company chooses to stay, and leaves when it chooses to", async () => {
    const user = userEvent.setup();
    stubTrpc({ "company.jobs.get": JOB });
    renderPage(<EditJobPage />, { url: companyJobEditPath("job1"), path: paths.companyJobEdit });
    await screen.findByRole("heading", { level: 1, name: "Edit “Support specialist”" });
    await user.type(field("Location"), " or remote");
    await user.click(screen.getByRole("link", { name: "Cancel" }));
    const dialog = await screen.findByRole("dialog", { name: "Leave without saving?" });
    expect(dialog.textContent).toContain("Your changes to this job are not saved");
    await user.click(screen.getByRole("button", { name: "Stay and keep editing" }));
    await vi.waitFor(() => expect(screen.queryByRole("dialog", { name: "Leave without saving?" })).toBeNull());
    expect(screen.getByRole("status", { name: "current location" }).textContent).toBe(companyJobEditPath("job1"));
    expect((field("Location") as HTMLInputElement).value).toBe("Lisbon or remote");
    await user.click(screen.getByRole("link", { name: "← Your jobs" }));
    await user.click(await screen.findByRole("button", { name: "Leave without saving" }));
    await vi.waitFor(() => expect(screen.getByRole("status", { name: "current location" }).textContent).toBe(paths.companyJobs));
  });
});
