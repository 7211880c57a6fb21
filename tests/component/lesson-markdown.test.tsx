// Lesson Markdown: formatting renders, raw HTML never does, links are safe, headings sit
// below the page's h1.
import { render, screen } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { describe, expect, it } from "vitest";
import { Markdown } from "../../client/features/practice/markdown.tsx";

describe("lesson Markdown", () => {
  it("renders Markdown, drops raw HTML, and marks links noopener noreferrer nofollow", () => {
    const { container } = render(
      <MantineProvider>
        <Markdown>{"# Title\n\nSome **bold** text and a [link](https://example.com).\n\n<script>window.pwned = 1</script><img src=x onerror=alert(1)>\n\n## Part"}</Markdown>
      </MantineProvider>,
    );
    expect(screen.getByText("bold").tagName).toBe("STRONG");
    const link = screen.getByRole("link", { name: "link" });
    expect(link.getAttribute("rel")).toBe("noopener noreferrer nofollow");
    expect(link.getAttribute("href")).toBe("https://example.com");
    expect(container.querySelector("script, img")).toBeNull();
    expect(container.innerHTML).not.toContain("onerror");
    expect(screen.getByRole("heading", { name: "Title" }).tagName).toBe("H2");
    expect(screen.getByRole("heading", { name: "Part" }).tagName).toBe("H3");
    expect(container.querySelector("h1")).toBeNull();
  });

  it("does not turn a javascript: link into a live one", () => {
    const { container } = render(
      <MantineProvider>
        <Markdown>{"[click](javascript:alert(1))"}</Markdown>
      </MantineProvider>,
    );
    expect(container.innerHTML).not.toMatch(/href="javascript:/i);
  });

  it("renders GitHub tables (the STAR lesson uses one), and autolinked addresses are safe links too", () => {
    const { container } = render(
      <MantineProvider>
        <Markdown>{"| Step | Say |\n| --- | --- |\n| Situation | Where you were |\n\nSee www.example.com"}</Markdown>
      </MantineProvider>,
    );
    expect(screen.getByRole("table")).toBeTruthy();
    expect(screen.getByRole("columnheader", { name: "Step" })).toBeTruthy();
    expect(screen.getByRole("cell", { name: "Where you were" })).toBeTruthy();
    expect(container.textContent).not.toContain("| Step |");
    expect(screen.getByRole("link", { name: "www.example.com" }).getAttribute("rel")).toBe("noopener noreferrer nofollow");
  });
});
