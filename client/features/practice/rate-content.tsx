// After finishing an item, a trainee rates it: 1–5 stars and an optional comment (content.rate;
// rating again replaces the earlier rating). Shows the item's current average and the
// trainee's own rating.
import { useState } from "react";
import { Button, Card, Group, Rating, Stack, Text, Textarea, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { FormAlert } from "../../components/form-alert.tsx";
import { errorMessage, queryClient, trpc } from "../../lib/trpc.ts";

type Props = {
  contentId: string;
  /** Whether this trainee has finished the item at least once (only then can they rate it). */
  completed: boolean;
  rating: number;
  ratingCount: number;
  myRating: { stars: number; comment: string | null } | null;
};

export const averageText = (rating: number, count: number) => (count > 0 ? `${rating.toFixed(1)} out of 5 from ${count} rating${count === 1 ? "" : "s"}` : "Not rated yet");

export function RateContent({ contentId, completed, rating, ratingCount, myRating }: Props) {
  const [stars, setStars] = useState(myRating?.stars ?? 0);
  const [comment, setComment] = useState(myRating?.comment ?? "");
  const [missing, setMissing] = useState(false);
  const rate = useMutation({
    ...trpc.content.rate.mutationOptions(),
    onSuccess: (r) => {
      queryClient.setQueryData(trpc.catalog.get.queryKey({ id: contentId }), (old) =>
        old ? { ...old, rating: r.rating, ratingCount: r.ratingCount, myRating: { stars: r.stars, comment: comment.trim() || null } } : old,
      );
    },
  });
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="rate-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="rate-title">
          Rate this
        </Title>
        <Group gap="xs">
          <Rating value={rating} fractions={10} readOnly aria-hidden />
          <Text size="sm">{averageText(rating, ratingCount)}</Text>
        </Group>
        {!completed ? (
          <Text size="sm" c="dimmed">
            Finish it once to rate it.
          </Text>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (stars < 1) return setMissing(true);
              rate.mutate({ id: contentId, stars, ...(comment.trim() ? { comment: comment.trim() } : {}) });
            }}
          >
            <Stack gap="sm">
              <Stack gap={4}>
                <Text size="sm" fw={500} id="my-rating-label">
                  Your rating{myRating ? ` (now ${myRating.stars} of 5)` : ""}
                </Text>
                <Rating
                  value={stars}
                  onChange={(v) => {
                    setStars(v);
                    setMissing(false);
                  }}
                  size="lg"
                  aria-labelledby="my-rating-label"
                  getSymbolLabel={(i) => `${i} star${i === 1 ? "" : "s"}`}
                />
                {missing && (
                  <Text size="sm" c="red.8" role="alert">
                    Choose 1 to 5 stars.
                  </Text>
                )}
              </Stack>
              <Textarea label="Comment (optional)" value={comment} onChange={(e) => setComment(e.currentTarget.value)} maxLength={2000} autosize minRows={2} />
              {rate.isError && <FormAlert title="Your rating was not saved">{errorMessage(rate.error)}</FormAlert>}
              <Group>
                <Button type="submit" loading={rate.isPending}>
                  {myRating ? "Update my rating" : "Send my rating"}
                </Button>
                {rate.isSuccess && (
                  <Text role="status" size="sm" c="teal.8">
                    Thank you, your rating is saved.
                  </Text>
                )}
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Card>
  );
}
