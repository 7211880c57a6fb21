// The profile's languages: picked by name from a searchable list, sent as ISO 639 codes; and
// no interface-language choice while the interface is in English only.
import { afterEach, describe, expect, it, vi } from "vitest";
import { configure, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ProfilePage } from "../../client/features/settings/profile-page.tsx";
import { paths } from "../../client/lib/paths.ts";
import { inputsOf, stubTrpc, type Output } from "./trpc-stub.ts";
import { renderPage } from "./render-page.tsx";
import { profileAnswer } from "./fixtures.ts";

configure({ asyncUtilTimeout: 5000 });

type Profile = Output<"profile.get">;

const PROFILE: Profile = profileAnswer({ languages: ["es", "yue"] });

/** The search box of the languages field (the label also names its list of options). */
async function languagesInput(): Promise<HTMLInputElement> {
  const labelled = await screen.findAllByLabelText("Languages you speak");
  const input = labelled.find((el): el is HTMLInputElement => el instanceof HTMLInputElement);
  if (!input) throw new Error("no input labelled “Languages you speak”");
  return input;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("profile languages", () => {
  it("shows saved codes by name, finds a language by its own name, and saves codes", async () => {
    const calls = stubTrpc({
      "profile.get": PROFILE,
      "profile.update": (input) => {
        const { preferences: _p, verification: _v, userId: _u, email: _e, role: _r, memberSince: _m, ...rest } = PROFILE;
        return { ...rest, ...input, preferences: PROFILE.preferences };
      },
      "auth.me": null,
    });
    const user = userEvent.setup();
    renderPage(<ProfilePage />, { url: paths.settingsProfile, path: paths.settingsProfile });

    const field = await languagesInput();
    expect(screen.getByText("Spanish (español)")).toBeInTheDocument();
    expect(screen.getByText("Cantonese (粵語)")).toBeInTheDocument();

    await user.click(field);
    await user.type(field, "deuts");
    // jsdom runs no CSS transitions, so Mantine's dropdown stays display:none here: the options
    // are found by role with hidden ones included, and it must be the only match.
    const options = await screen.findAllByRole("option", { name: /Deutsch/, hidden: true });
    expect(options.map((o) => o.textContent)).toEqual(["German (Deutsch)"]);
    await user.click(options[0]!);
    await user.click(screen.getByRole("button", { name: "Save profile" }));

    await waitFor(() => expect(inputsOf(calls, "profile.update")).toHaveLength(1));
    expect(inputsOf(calls, "profile.update")).toEqual([{ languages: ["es", "yue", "de"] }]);
  }, 90_000); // a long list re-filtered per keystroke is slow in jsdom on a busy machine

  it("offers no interface-language choice (the interface is in English only)", async () => {
    stubTrpc({ "profile.get": PROFILE });
    renderPage(<ProfilePage />, { url: paths.settingsProfile, path: paths.settingsProfile });
    await languagesInput();
    expect(screen.getAllByLabelText("Theme").length).toBeGreaterThan(0);
    expect(screen.queryByLabelText(/Preferred language/)).not.toBeInTheDocument();
    expect(screen.queryByText("Español")).not.toBeInTheDocument();
  });
});
