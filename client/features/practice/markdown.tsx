// Lesson text: Markdown rendered by react-markdown, which never renders raw HTML (no
// rehype-raw); links open safely and are not endorsed (rel="noopener noreferrer nofollow").
import { Anchor, Typography } from "@mantine/core";
import ReactMarkdown from "react-markdown";

export function Markdown({ children }: { children: string }) {
  return (
    <Typography>
      <ReactMarkdown
        skipHtml
        components={{
          a: ({ href, children: text }) => (
            <Anchor href={href} target="_blank" rel="noopener noreferrer nofollow">
              {text}
            </Anchor>
          ),
        }}
      >
        {children}
      </ReactMarkdown>
    </Typography>
  );
}
