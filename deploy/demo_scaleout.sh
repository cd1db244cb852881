#!/usr/bin/env bash
# Scale-out on one machine: nginx in front of two app processes, PostgreSQL, Redis,
# two task workers on the Redis queue. Drives some pages and jobs, then checks that
# both app processes served requests and both workers ran jobs, and stops everything.
#
#   deploy/demo_scaleout.sh            # needs nginx, PostgreSQL at 127.0.0.1, Redis
#   KEEP=1 deploy/demo_scaleout.sh     # leave it running (stop: kill the printed pids)
#
# Environment (defaults in brackets): PGURL [postgresql://postgres@127.0.0.1/welcomehub_scale],
# REDIS_URL [redis://127.0.0.1:6379/5], PORT [8800], JOBS [6].
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=$ROOT/.venv/bin/python
WH=$ROOT/.venv/bin/welcomehub
PORT=${PORT:-8800}
APP1=$((PORT + 1))
APP2=$((PORT + 2))
JOBS=${JOBS:-6}
RUN=$(mktemp -d /tmp/welcomehub-scale-XXXXXX)
export DATABASE_URL=${PGURL:-postgresql://postgres@127.0.0.1/welcomehub_scale}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/5}
export WELCOMEHUB_TASKS_BACKEND=rq
export WELCOMEHUB_DATA_DIR=$RUN/data          # on several machines: the same keys everywhere
export DJANGO_SETTINGS_MODULE=config.settings.base
export WELCOMEHUB_EXCHANGE_ENCODER=lexical
export WELCOMEHUB_LOG_LEVEL=WARNING
export WELCOMEHUB_SECURE_COOKIES=0   # plain HTTP on 127.0.0.1; behind TLS leave it unset
mkdir -p "$WELCOMEHUB_DATA_DIR"
# nginx's workers (www-data) may pass through to the static files; the key files in
# the data directory stay owner-only
chmod 711 "$RUN" "$WELCOMEHUB_DATA_DIR"
PIDS=()
stop() {
    if [[ -z "${KEEP:-}" ]]; then
        for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
        [[ -f $RUN/nginx.pid ]] && kill "$(cat "$RUN/nginx.pid")" 2>/dev/null || true
    fi
}
trap stop EXIT

# The demo's database starts new each time: its field keys are made fresh in $RUN/data,
# and rows written under other keys could not be read (on real machines: the same
# WELCOMEHUB_FIELD_KEYS everywhere, see docs/deploy.md). Only a welcomehub_scale* database
# is dropped; any other must be given empty.
db=${DATABASE_URL##*/}
if [[ $db == welcomehub_scale* ]]; then
    dropdb --if-exists -h 127.0.0.1 -U postgres "$db"
    createdb -h 127.0.0.1 -U postgres "$db"
fi
echo "== database $DATABASE_URL, redis $REDIS_URL, files in $RUN"
redis-cli -u "$REDIS_URL" flushdb >/dev/null
$WH manage migrate --no-input >/dev/null
$WH manage collectstatic --no-input >/dev/null
$PY deploy/scaleout_jobs.py setup

echo "== two app processes (:$APP1, :$APP2), two workers, nginx on :$PORT"
$WH serve --port "$APP1" --workers 1 --threads 4 --skip-collectstatic >"$RUN/app1.log" 2>&1 &
PIDS+=($!)
$WH serve --port "$APP2" --workers 1 --threads 4 --skip-collectstatic >"$RUN/app2.log" 2>&1 &
PIDS+=($!)
$WH manage rqworker default --job-class django_tasks_rq.backend.Job --name "worker-1" >"$RUN/worker1.log" 2>&1 &
PIDS+=($!)
$WH manage rqworker default --job-class django_tasks_rq.backend.Job --name "worker-2" >"$RUN/worker2.log" 2>&1 &
PIDS+=($!)
sed -e "s#@PREFIX@#$RUN#g" -e "s#@STATIC@#$WELCOMEHUB_DATA_DIR/static#g" \
    -e "s#@PORT@#$PORT#g" -e "s#@APP1@#$APP1#g" -e "s#@APP2@#$APP2#g" \
    deploy/nginx.conf.template >"$RUN/nginx.conf"
nginx -c "$RUN/nginx.conf" -p "$RUN" -e "$RUN/error.log"
for port in "$APP1" "$APP2"; do
    for _ in $(seq 120); do
        curl -fs -o /dev/null "http://127.0.0.1:$port/accounts/login/" && break
        sleep 1
    done
done

echo "== 40 requests through nginx, $JOBS placement runs and $JOBS matching jobs"
for i in $(seq 40); do
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/services/" || echo "request $i failed"
done
curl -fsS -o /dev/null "http://127.0.0.1:$PORT/static/welcomehub/app.css"
$PY deploy/scaleout_jobs.py enqueue "$JOBS" >"$RUN/jobs.json"
$PY deploy/scaleout_jobs.py wait "$RUN/jobs.json" | tee "$RUN/ran.json"

echo "== check"
served=$(grep -o 'upstream=127.0.0.1:[0-9]*' "$RUN/access.log" | sort | uniq -c)
echo "$served"
ok=1
for port in "$APP1" "$APP2"; do
    grep -q "upstream=127.0.0.1:$port" "$RUN/access.log" || { echo "app :$port served nothing"; ok=0; }
done
$PY - "$RUN/ran.json" <<'PYEOF' || ok=0
import json, sys
ran = json.load(open(sys.argv[1]))
workers = {w for w in ran["by_worker"] if w != "?"}
print("workers that ran jobs:", sorted(workers))
assert {"worker-1", "worker-2"} <= workers, "a worker ran nothing"
assert ran["unfinished"] == 0 and set(ran["statuses"]) == {"SUCCESSFUL"}, ran["statuses"]
PYEOF
if [[ $ok == 1 ]]; then echo "SCALE-OUT CHECK PASSED"; else echo "SCALE-OUT CHECK FAILED"; exit 1; fi
if [[ -n "${KEEP:-}" ]]; then echo "running: http://127.0.0.1:$PORT/ pids ${PIDS[*]} nginx $(cat "$RUN/nginx.pid")"; fi
