// The job board keeps its filters in the URL: a shared or reloaded link searches the same
// way, typing is written to the URL once it pauses, and "Clear filters" empties both.
import { afterEach, describe, expect, it, vi } from "vitest";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { JobBoardPage } from "../../client/features/jobs/job-board-page.tsx";
import { paths } from "../../client/lib/paths.ts";
import { inputsOf, stubTrpc } from "./trpc-stub.ts";
import { renderPage } from "./render-page.tsx";

afterEach(() => {
  vi.unstubAllGlobals();
});

const EMPTY = { items: [], nextCursor: null, rankedBySkills: false };
const location = () => screen.getByRole("status", { name: "current location" }).textContent;

describe("job board", () => {
  it("searches with the filters of the URL it opens at, and shows them in the fields", async () => {
    const calls = stubTrpc({ "jobs.search": EMPTY });
    renderPage(<JobBoardPage />, { url: `${paths.jobs}?q=support&skills=English,Sales&location=Lisbon&level=senior`, path: paths.jobs });
    expect(await screen.findByText("No job matches these filters.")).toBeTruthy();
    expect(inputsOf(calls, "jobs.search")[0]).toMatchObject({ q: "support", skills: ["English", "Sales"], location: "Lisbon", experienceLevel: "senior" });
    expect((screen.getByRole("textbox", { name: "Search" }) as HTMLInputElement).value).toBe("support");
    expect((screen.getByRole("textbox", { name: "Location" }) as HTMLInputElement).value).toBe("Lisbon");
    expect(screen.getByText("English")).toBeTruthy();
  });

  it("ignores a level the URL names that does not exist, writes typed filters to the URL, and clears them", async () => {
    const user = userEvent.setup();
    const calls = stubTrpc({ "jobs.search": EMPTY });
    renderPage(<JobBoardPage />, { url: `${paths.jobs}?level=wizard`, path: paths.jobs });
    expect(await screen.findByText("No open jobs right now.")).toBeTruthy();
    expect(inputsOf(calls, "jobs.search")[0]?.experienceLevel).toBeUndefined();
    await user.type(screen.getByRole("textbox", { name: "Search" }), "night shift");
    await vi.waitFor(() => expect(location()).toContain("q=night+shift"));
    await vi.waitFor(() => expect(inputsOf(calls, "jobs.search").some((i) => i?.q === "night shift")).toBe(true));
    await user.click(await screen.findByRole("button", { name: "Clear filters" }));
    await vi.waitFor(() => expect(location()).toBe(paths.jobs));
    expect((screen.getByRole("textbox", { name: "Search" }) as HTMLInputElement).value).toBe("");
  });
});
