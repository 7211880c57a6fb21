// The company's interest button for one candidate (mounted on the candidate page), with the
// month's quota beside it: "7 of 10 left this month, resets 1 January". Marking spends one
// mark (the server decides, atomically); withdrawing gives none back; a used-up quota shows
// the server's QUOTA_EXCEEDED message with the reset date.
import { Badge, Button, Group, Stack, Text } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { FormAlert } from "../../components/form-alert.tsx";
import { appCodeOf, errorMessage, queryClient, trpc } from "../../lib/trpc.ts";

/** "1 January": the day the quota resets, in UTC (the month is a UTC calendar month). */
export function resetDay(d: Date): string {
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "long", timeZone: "UTC" });
}

/** "7 of 10 left this month, resets 1 January". */
export function quotaSentence(q: { used: number; limit: number; resetsAt: Date }): string {
  const left = Math.max(0, q.limit - q.used);
  return `${left} of ${q.limit} left this month, resets ${resetDay(q.resetsAt)}`;
}

/** The month's quota in one line (for the shortlist and the candidate page). */
export function QuotaLine({ id }: { id?: string }) {
  const quota = useQuery(trpc.company.quota.queryOptions());
  if (quota.isPending) return <Text size="sm" c="dimmed" id={id}>Checking your interest marks…</Text>;
  if (quota.isError) return <Text size="sm" c="dimmed" id={id}>Your interest marks could not be loaded.</Text>;
  return (
    <Text size="sm" c="dimmed" id={id} data-testid="quota-line">
      {quotaSentence(quota.data)}
    </Text>
  );
}

export function InterestPanel({ candidateId, interested }: { candidateId: string; interested: boolean }) {
  const [current, setCurrent] = useState(interested);
  useEffect(() => setCurrent(interested), [interested]);
  const quotaId = useId();
  const mutation = useMutation(
    trpc.company.candidates.interest.mutationOptions({
      onSuccess: (result) => {
        setCurrent(result.interested);
        queryClient.setQueryData(trpc.company.quota.queryKey(), result.quota);
        void queryClient.invalidateQueries({ queryKey: trpc.company.candidates.shortlist.pathKey() });
      },
      onError: (error) => {
        if (appCodeOf(error) === "QUOTA_EXCEEDED") void queryClient.invalidateQueries({ queryKey: trpc.company.quota.queryKey() });
      },
    }),
  );
  const quotaExceeded = mutation.isError && appCodeOf(mutation.error) === "QUOTA_EXCEEDED";

  return (
    <Stack gap="xs" data-testid="interest-panel">
      <Group gap="sm" align="center">
        {current ? (
          <>
            <Badge color="teal" variant="light">
              Interest marked
            </Badge>
            <Button
              variant="default"
              onClick={() => mutation.mutate({ candidateId, interested: false })}
              loading={mutation.isPending}
              aria-describedby={quotaId}
            >
              Withdraw interest
            </Button>
          </>
        ) : (
          <Button onClick={() => mutation.mutate({ candidateId, interested: true })} loading={mutation.isPending} aria-describedby={quotaId}>
            Mark interest
          </Button>
        )}
        <QuotaLine id={quotaId} />
      </Group>
      <Text size="xs" c="dimmed">
        {current
          ? "The candidate was told. Withdrawing does not give the mark back."
          : "Marking interest uses one of this month's marks and tells the candidate. They decide whether to share their contact details with you."}
      </Text>
      {mutation.isError && (
        <FormAlert title={quotaExceeded ? "No interest marks left this month" : "Your interest could not be saved"}>{errorMessage(mutation.error)}</FormAlert>
      )}
    </Stack>
  );
}
