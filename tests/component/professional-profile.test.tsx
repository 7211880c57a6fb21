// The profile page's instructor / company part: the fields the verification reviews, the
// rejection reason with "ask for another review", and saving only changed professional fields.
import { afterEach, describe, expect, it, vi } from "vitest";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ProfessionalProfile } from "../../client/features/settings/professional-profile.tsx";
import { paths } from "../../client/lib/paths.ts";
import { inputsOf, stubTrpc } from "./trpc-stub.ts";
import { renderPage } from "./render-page.tsx";

afterEach(() => {
  vi.unstubAllGlobals();
});

const at = { url: paths.settingsProfile, path: paths.settingsProfile };
const rejected = { kind: "instructor" as const, status: "rejected" as const, since: new Date(), reason: "Add your certifications" };

describe("professional profile", () => {
  it("shows the rejection reason, saves the instructor fields and asks for another review", async () => {
    const user = userEvent.setup();
    const calls = stubTrpc({
      "profile.professional": { kind: "instructor", instructor: { specializations: ["Interviews"], certifications: [], yearsOfExperience: null }, company: null },
      "profile.updateInstructor": (input) => ({ specializations: input?.specializations ?? [], certifications: input?.certifications ?? [], yearsOfExperience: input?.yearsOfExperience ?? null }),
      "profile.requestVerification": { kind: "instructor", status: "pending", since: new Date(), reason: null },
    });
    renderPage(<ProfessionalProfile verification={rejected} />, at);
    expect(screen.getByText("Add your certifications")).toBeTruthy();
    const certs = (await screen.findAllByLabelText("Certifications")).find((e) => e.tagName === "INPUT")!;
    await user.type(certs, "CELTA{Enter}");
    await user.type(screen.getByLabelText("Years of teaching or coaching experience"), "6");
    await user.click(screen.getByRole("button", { name: "Save instructor profile" }));
    await vi.waitFor(() => expect(inputsOf(calls, "profile.updateInstructor")).toEqual([{ specializations: ["Interviews"], certifications: ["CELTA"], yearsOfExperience: 6 }]));
    await user.click(screen.getByRole("button", { name: "Ask for another review" }));
    await vi.waitFor(() => expect(calls.filter((c) => c.path === "profile.requestVerification")).toHaveLength(1));
  });

  it("checks a company's fields before sending", async () => {
    const user = userEvent.setup();
    const calls = stubTrpc({
      "profile.professional": { kind: "company", instructor: null, company: { companyName: "Globex", companyLogo: null, industry: null, companySize: null, website: null, description: null, address: null, country: null } },
    });
    renderPage(<ProfessionalProfile verification={{ kind: "company", status: "pending", since: new Date(), reason: null }} />, at);
    expect(screen.getByText(/waiting for an administrator's review/)).toBeTruthy();
    await user.type(await screen.findByRole("textbox", { name: "Website" }), "not a site");
    await user.type(screen.getByRole("textbox", { name: /Country/ }), "1X");
    await user.click(screen.getByRole("button", { name: "Save company profile" }));
    expect(await screen.findByText("Website must be an http(s) address")).toBeTruthy();
    expect(screen.getByText("Use the two-letter country code (e.g. NL, US)")).toBeTruthy();
    expect(inputsOf(calls, "profile.updateCompany")).toEqual([]);
  });

  it("renders nothing for trainees", () => {
    stubTrpc({});
    const { container } = renderPage(<ProfessionalProfile verification={null} />, at);
    expect(container.querySelector("section")).toBeNull();
  });
});
