-- The schema document's user_statistics materialized view, as written there, with a
-- unique index so it can be refreshed CONCURRENTLY (readers are never blocked).
CREATE MATERIALIZED VIEW user_statistics AS
SELECT
  u.id,
  u.role,
  COUNT(DISTINCT cs.id) as total_chats,
  COUNT(DISTINCT cls.id) as total_calls,
  AVG(e.overall_score) as avg_score,
  up.total_time_spent
FROM users u
LEFT JOIN chat_sessions cs ON u.id = cs.user_id
LEFT JOIN call_sessions cls ON u.id = cls.user_id
LEFT JOIN evaluations e ON u.id = e.user_id
LEFT JOIN user_progress up ON u.id = up.user_id
GROUP BY u.id, u.role, up.total_time_spent;

CREATE UNIQUE INDEX user_statistics_id_key ON user_statistics (id);
CREATE INDEX user_statistics_role_idx ON user_statistics (role);
