#!/usr/bin/env bash
# A database outage measured from outside: the packaged service on this machine's PostgreSQL cluster,
# the paper's 20 x 50 network training (and, with "two", a second job that ends during the outage),
# the cluster stopped with `pg_ctlcluster <version> <name> stop -m fast` for OUTAGE seconds and started
# again. Prints what the API, readiness and liveness answered during the outage (status and time) and,
# per job, the final status, stored progress and the loss points kept.
#
# It stops the machine's PostgreSQL: run it only where nothing else needs it meanwhile (needs root or
# the postgres user, `pg_ctlcluster`, curl and jq; build the jar first with ./mvnw -DskipTests package).
#
#   bench/outage.sh            one job
#   bench/outage.sh two        two jobs, one ending while the database is down
set -euo pipefail
cd "$(dirname "$0")/.."

OUTAGE=${OUTAGE:-60}
PORT=${PORT:-18090}
KEY=outage-bench-admin-key-0123456789
AUTH="Authorization: Bearer $KEY"
API=http://127.0.0.1:$PORT
CLUSTER=${CLUSTER:-$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')}
DB=anneal_outage
JAR=$(ls target/anneal-*.jar | grep -v original | head -1)
LOG=target/outage-service.log

psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
OMP_NUM_THREADS=1 ANNEAL_ADMIN_KEY=$KEY java -jar "$JAR" --server.port=$PORT --anneal.workers=2 \
  --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/$DB --spring.datasource.username=postgres \
  > "$LOG" 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null; pg_ctlcluster $CLUSTER start 2>/dev/null || true' EXIT
until curl -sf "$API/actuator/health/readiness" > /dev/null; do sleep 0.5; done

submit() {
  curl -sf -H "$AUTH" -H 'Content-Type: application/json' -X POST "$API/api/v1/jobs" -d "$1" | jq -r .id
}
DIVERGING=$(submit '{"name": "diverging", "dataset": {"name": "mnist-10k"},
  "model": {"hiddenLayers": 20, "hiddenUnits": 50, "init": {"type": "he"}},
  "optimizer": {"type": "sgd", "learningRate": 0.05}, "gradientNoise": {"eta": 0.01, "seed": 3},
  "training": {"maxSteps": 40000}}')
JOBS=("$DIVERGING")
if [[ ${1:-} == two ]]; then
  JOBS+=("$(submit '{"name": "plain", "dataset": {"name": "mnist-10k"},
    "model": {"hiddenLayers": 20, "hiddenUnits": 50, "init": {"type": "he"}},
    "optimizer": {"type": "sgd", "learningRate": 0.02}, "training": {"maxSteps": 12000}}')")
fi
sleep 8

# one probe: "<status> <seconds>", 000 when nothing came back within 10 s
probe() {
  curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 10 "$@" || true
}
pg_ctlcluster $CLUSTER stop -m fast
stopped=$(date +%s)
echo "PostgreSQL stopped for $OUTAGE s"
while (( $(date +%s) - stopped < OUTAGE )); do
  t=$(( $(date +%s) - stopped ))
  echo "t=${t}s  GET job: $(probe -H "$AUTH" "$API/api/v1/jobs/$DIVERGING")" \
       " POST job: $(probe -H "$AUTH" -H 'Content-Type: application/json' -X POST "$API/api/v1/jobs" \
          -d '{"dataset": {"name": "mnist-10k"}, "model": {"hiddenLayers": 1, "hiddenUnits": 8}}')" \
       " readiness: $(probe "$API/actuator/health/readiness")" \
       " liveness: $(probe "$API/actuator/health/liveness")"
  sleep 5
done
pg_ctlcluster $CLUSTER start
echo "PostgreSQL started again"
until curl -sf "$API/actuator/health/readiness" > /dev/null; do sleep 0.2; done
echo "readiness UP $(( $(date +%s) - stopped - OUTAGE )) s after the start"

for job in "${JOBS[@]}"; do
  while [[ $(curl -s -H "$AUTH" "$API/api/v1/jobs/$job" | jq -r .status) =~ ^(QUEUED|RUNNING|CANCELLING)$ ]]; do
    sleep 1
  done
  view=$(curl -s -H "$AUTH" "$API/api/v1/jobs/$job")
  points=$(psql -h 127.0.0.1 -U postgres -d $DB -tA -c "SELECT count(*) || ' loss points, ' ||
    count(DISTINCT step) || ' distinct, last at step ' || max(step) FROM curve_point
    WHERE job_id = '$job' AND metric = 'loss'")
  echo "$(jq -r '.name + ": " + .status + (if .failure then " / " + .failure.reason + " at step "
    + (.failure.step|tostring) else "" end) + "; progress at step " + (.progress.step|tostring)
    + "; attempts " + (.attempts|length|tostring)' <<< "$view"); $points"
done
echo "ERROR/WARN lines in the service log: $(grep -cE ' (ERROR|WARN) ' "$LOG" || true) (see $LOG)"
