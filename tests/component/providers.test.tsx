// The notice area is mounted once the page has loaded and the browser is idle (providers.tsx).
// Turning it on must not re-render the page: held in `Providers`, that state change re-rendered
// MantineProvider and every Mantine component under it in one task outside any transition — on
// the dashboards, 20–25 ms of main thread here and ×4 on Lighthouse's phone (issue 13).
import { describe, expect, it } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import { useMantineContext } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { Providers } from "../../client/app/providers.tsx";

describe("Providers", () => {
  it("mounts the notice area after load without re-rendering the page under it", async () => {
    let renders = 0;
    function Page() {
      useMantineContext(); // what every Mantine component reads from the provider (class names, CSS variables, colour scheme)
      renders++;
      return <p>The page</p>;
    }
    render(
      <Providers>
        <Page />
      </Providers>,
    );
    expect(screen.getByText("The page")).toBeTruthy();
    // The area is there once a notice shows (its chunk loaded after the idle callback).
    await waitFor(() => {
      notifications.show({ id: "probe", message: "Saved" });
      expect(screen.getByText("Saved")).toBeTruthy();
    });
    expect(renders).toBe(1);
  });
});
