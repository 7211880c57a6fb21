// Lesson text: Markdown rendered by react-markdown, which never renders raw HTML here
// (skipHtml, no rehype-raw); links open safely and are not endorsed (rel="noopener noreferrer
// nofollow"). GitHub's extensions (tables, strikethrough, task lists) are on. Headings move one
// level down, so the page's own title stays the only h1.
import { Anchor, Title, Typography } from "@mantine/core";
import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";

const heading =
  (order: 2 | 3 | 4 | 5 | 6) =>
  ({ children }: { children?: React.ReactNode }) => <Title order={order}>{children}</Title>;

const components: Components = {
  a: ({ href, children }) => (
    <Anchor href={href} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </Anchor>
  ),
  h1: heading(2),
  h2: heading(3),
  h3: heading(4),
  h4: heading(5),
  h5: heading(6),
  h6: heading(6),
};

export function Markdown({ children }: { children: string }) {
  return (
    <Typography>
      <ReactMarkdown skipHtml remarkPlugins={[remarkGfm]} components={components}>
        {children}
      </ReactMarkdown>
    </Typography>
  );
}
