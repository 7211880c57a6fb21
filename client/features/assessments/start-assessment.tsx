// The assessment item's Start button on its catalogue page: starts an attempt on the server
// (or continues the unfinished one) and opens it. Only trainees take assessments.
import { Alert, Anchor, Button, Card, Stack, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { canCall } from "../../../shared/access.ts";
import { useCurrentUser } from "../../lib/auth.ts";
import { assessmentAttemptPath, paths } from "../../lib/paths.ts";
import { errorMessage, trpc } from "../../lib/trpc.ts";

export function StartAssessment({ contentId, timed }: { contentId: string; timed: boolean }) {
  const me = useCurrentUser();
  const navigate = useNavigate();
  const start = useMutation(trpc.assessments.start.mutationOptions({ onSuccess: (r) => void navigate(assessmentAttemptPath(r.attemptId)) }));
  if (!canCall("assessments.start", { role: me.role, adminLevel: me.adminLevel ?? null })) {
    return (
      <Alert variant="light" color="blue" title="For trainees">
        Trainee accounts take this assessment; it is timed and scored on the server.
      </Alert>
    );
  }
  return (
    <Card withBorder padding="md">
      <Stack gap="sm" align="flex-start">
        <Text size="sm">
          {timed
            ? "The clock starts when you press Start and keeps running if you leave the page. Your answers are saved as you go; at zero they are submitted."
            : "Your answers are saved as you go; submit when you are ready."}
        </Text>
        <Button size="md" onClick={() => start.mutate({ contentId })} loading={start.isPending}>
          Start (or continue) the assessment
        </Button>
        {start.error && (
          <Alert color="red" variant="light" role="alert">
            {errorMessage(start.error)}
          </Alert>
        )}
        <Anchor component={Link} to={paths.assessments} size="sm">
          Your assessment results
        </Anchor>
      </Stack>
    </Card>
  );
}
