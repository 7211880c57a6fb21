#!/usr/bin/env bash
# Point-in-time recovery drill (npm run ops:pitr-drill): proves, on a throwaway PostgreSQL
# cluster, that the settings in docs/operations.md recover a database to a moment just
# before a destructive mistake.
#
#   1. initdb a cluster in a temp folder with wal_level=replica, archive_mode=on and an
#      archive_command copying each finished WAL segment to a temp archive folder;
#   2. writes, then a base backup (pg_basebackup), then more writes;
#   3. marks the moment: a named restore point (pg_create_restore_point) and the time;
#   4. the mistake: every row deleted, then a write after it;
#   5. the primary is stopped (lost), and the base backup is recovered twice into new data
#      folders, replaying the archived WAL: once to recovery_target_time, once to
#      recovery_target_name;
#   6. each recovered copy must hold every row written before the mark, and nothing after.
#
# Everything listens on 127.0.0.1 on free ports and lives under one temp folder, removed at
# the end (KEEP=1 keeps it). As root, PostgreSQL's tools run as `postgres` through runuser.
# PG_BIN_DIR overrides /usr/lib/postgresql/15/bin. Exit status 0 = the drill passed.
set -euo pipefail

BIN="${PG_BIN_DIR:-/usr/lib/postgresql/15/bin}"
for tool in initdb pg_ctl pg_basebackup psql; do
  [[ -x "$BIN/$tool" ]] || { echo "pitr-drill: $BIN/$tool not found (install postgresql-15 or set PG_BIN_DIR)" >&2; exit 2; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/hirexp-pitr-XXXXXX")"
ARCHIVE="$WORK/archive"
mkdir -p "$ARCHIVE"
AS=()
if [[ "$(id -u)" == 0 ]]; then
  id postgres >/dev/null 2>&1 || { echo "pitr-drill: running as root needs a 'postgres' user" >&2; exit 2; }
  chown -R postgres: "$WORK"
  AS=(runuser -u postgres --)
fi
chmod 755 "$WORK"

STARTED=()
cleanup() {
  local code=$?
  for dir in "${STARTED[@]}"; do "${AS[@]}" "$BIN/pg_ctl" -D "$dir" -m immediate stop >/dev/null 2>&1 || true; done
  if [[ "${KEEP:-0}" == 1 || $code -ne 0 ]]; then echo "pitr-drill: files kept in $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
say() { printf 'pitr-drill: %s\n' "$*"; }
t0=$(date +%s%N)
elapsed() { echo "$(( ($(date +%s%N) - t0) / 1000000 )) ms"; }

PORT="$(free_port)"
PRIMARY="$WORK/primary"
sql() { "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U postgres -d "$2" -At -c "$3"; }

start() { # dir port
  "${AS[@]}" "$BIN/pg_ctl" -D "$1" -l "$1.log" -w -t 120 -o "-p $2 -c listen_addresses=127.0.0.1 -c unix_socket_directories=$WORK" start >/dev/null
  STARTED+=("$1")
}

say "1. a throwaway cluster in $WORK, archiving WAL to $ARCHIVE"
"${AS[@]}" "$BIN/initdb" -D "$PRIMARY" -A trust -U postgres --no-sync >/dev/null
cat >>"$PRIMARY/postgresql.conf" <<CONF
# --- the PITR settings of docs/operations.md ---
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $ARCHIVE/%f && cp %p $ARCHIVE/%f'
archive_timeout = 60
max_wal_senders = 3
CONF
start "$PRIMARY" "$PORT"
sql "$PORT" postgres "CREATE DATABASE drill"
sql "$PORT" drill "CREATE TABLE orders (id serial PRIMARY KEY, note text NOT NULL, created_at timestamptz NOT NULL DEFAULT clock_timestamp())"
sql "$PORT" drill "INSERT INTO orders (note) SELECT 'before the base backup #' || g FROM generate_series(1, 100) g"

say "2. base backup (pg_basebackup), then more writes"
"${AS[@]}" "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PORT" -U postgres -D "$WORK/base" --checkpoint=fast --wal-method=stream --no-sync
for i in $(seq 1 50); do sql "$PORT" drill "INSERT INTO orders (note) VALUES ('after the base backup #$i')"; done

say "3. the marked moment: restore point 'before-mistake' and the time"
sql "$PORT" drill "SELECT pg_create_restore_point('before-mistake')" >/dev/null
MARK="$(sql "$PORT" drill "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'")"
EXPECTED="$(sql "$PORT" drill "SELECT count(*) || ':' || md5(string_agg(id || note, ',' ORDER BY id)) FROM orders")"
say "   marked at $MARK with $EXPECTED (rows:md5)"

say "4. the mistake: DELETE FROM orders, then a write after it"
sql "$PORT" drill "DELETE FROM orders"
sql "$PORT" drill "INSERT INTO orders (note) VALUES ('written after the mistake')"
[[ "$(sql "$PORT" drill "SELECT count(*) FROM orders")" == 1 ]]
# Close the current WAL segment and wait (on the archiver's own report) until it is archived.
LAST="$(sql "$PORT" drill "SELECT pg_walfile_name(pg_switch_wal())")"
for _ in $(seq 1 600); do
  ARCHIVED="$(sql "$PORT" postgres "SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver")"
  [[ -n "$ARCHIVED" && ! "$ARCHIVED" < "$LAST" ]] && break
  sleep 0.1
done
[[ -n "$ARCHIVED" && ! "$ARCHIVED" < "$LAST" ]] || { say "FAIL: WAL segment $LAST was not archived (last: ${ARCHIVED:-none})"; exit 1; }
say "   archived through $ARCHIVED ($(ls "$ARCHIVE" | wc -l) files); the primary is now lost"
"${AS[@]}" "$BIN/pg_ctl" -D "$PRIMARY" -m fast stop >/dev/null
STARTED=()

recover() { # name, recovery target setting
  local dir="$WORK/recovered-$1" port
  port="$(free_port)"
  "${AS[@]}" cp -a "$WORK/base" "$dir"
  cat >>"$dir/postgresql.conf" <<CONF
# --- recovery ---
archive_mode = off
restore_command = 'cp $ARCHIVE/%f %p'
$2
recovery_target_action = 'promote'
CONF
  "${AS[@]}" touch "$dir/recovery.signal"
  start "$dir" "$port"
  for _ in $(seq 1 1200); do
    [[ "$(sql "$port" postgres "SELECT pg_is_in_recovery()")" == f ]] && break
    sleep 0.1
  done
  [[ "$(sql "$port" postgres "SELECT pg_is_in_recovery()")" == f ]] || { say "FAIL: $1: still in recovery"; exit 1; }
  local got after
  got="$(sql "$port" drill "SELECT count(*) || ':' || md5(string_agg(id || note, ',' ORDER BY id)) FROM orders WHERE note NOT LIKE 'written after%'")"
  after="$(sql "$port" drill "SELECT count(*) FROM orders WHERE note LIKE 'written after%'")"
  if [[ "$got" == "$EXPECTED" && "$after" == 0 ]]; then
    say "   $1: PASS — $got present (as marked), 0 rows from after the mistake"
  else
    say "FAIL: $1: found $got (expected $EXPECTED), $after rows from after the mistake"
    exit 1
  fi
  "${AS[@]}" "$BIN/pg_ctl" -D "$dir" -m fast stop >/dev/null
  STARTED=()
}

say "5. recovery of the base backup + archived WAL into new data folders"
recover target-time "recovery_target_time = '$MARK'"
recover target-name "recovery_target_name = 'before-mistake'"
say "PASS: recovered to the marked time and to the named restore point ($(elapsed))"
