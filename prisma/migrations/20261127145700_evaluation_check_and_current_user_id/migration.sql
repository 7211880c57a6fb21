-- Evaluation.sessionId names exactly one practice session: the chat or the call linked
-- by chat_session_id / call_session_id (docs/decisions/003-evaluation-session-link.md).
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_one_session_check" CHECK (
  ("session_type" = 'CHAT' AND "chat_session_id" IS NOT NULL AND "call_session_id" IS NULL AND "session_id" = "chat_session_id")
  OR
  ("session_type" = 'CALL' AND "call_session_id" IS NOT NULL AND "chat_session_id" IS NULL AND "session_id" = "call_session_id")
);

-- current_user_id(): the acting user for the schema document's row-level security
-- policies; the app sets it per transaction with set_config('app.user_id', id, true).
CREATE OR REPLACE FUNCTION current_user_id() RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
  uid text;
BEGIN
  uid := NULLIF(current_setting('app.user_id', true), '');
  RETURN uid;
END;
$$;

COMMENT ON FUNCTION current_user_id() IS 'Acting user id for RLS; set per transaction; empty means none';
