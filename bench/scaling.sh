#!/usr/bin/env bash
# Worker scaling and the cost of gradient noise measured from outside: the packaged service with two
# workers on its embedded PostgreSQL, the paper's network (20 x 50 ReLU, He init, SGD 0.02, batch 128,
# 8,000 updates on mnist-10k), one job alone and two at once, plain and with noise (eta 0.01), in
# alternating rounds after a warm-up of each. Updates per second come from the jobs' own startedAt and
# finishedAt; two jobs at once count both jobs' updates over the first start to the last finish.
# Prints each round and the medians. Extra arguments go to the service (e.g.
# --anneal.training.noise-drawing=prefetch). Needs curl, jq, and the jar (./mvnw -DskipTests package).
#
#   bench/scaling.sh [service arguments...]
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
STEPS=${STEPS:-8000}
PORT=${PORT:-18091}
KEY=scaling-bench-admin-key-0123456789
AUTH="Authorization: Bearer $KEY"
API=http://127.0.0.1:$PORT
JAR=$(ls target/anneal-*.jar | grep -v original | head -1)
DATA=$(mktemp -d)
LOG=target/scaling-service.log

OMP_NUM_THREADS=1 ANNEAL_ADMIN_KEY=$KEY java -XX:+UseParallelGC --add-modules=jdk.incubator.vector -jar "$JAR" \
  --server.port=$PORT --anneal.workers=2 --anneal.database.embedded.port=0 \
  --anneal.database.embedded.data-directory="$DATA/pg" --anneal.checkpoints.root="$DATA/checkpoints" \
  --anneal.artifacts.root="$DATA/models" --anneal.datasets.root="$DATA/datasets" --anneal.quotas.requests-per-second=1000000 "$@" > "$LOG" 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null; wait $SERVICE 2>/dev/null; rm -rf "$DATA"' EXIT
until curl -sf "$API/actuator/health/readiness" > /dev/null; do sleep 0.5; done
grep -o "gradient noise drawn [a-z ]*" "$LOG" || true

submit() { # name, noise (empty or the gradientNoise member), steps
  curl -sf -H "$AUTH" -H 'Content-Type: application/json' -X POST "$API/api/v1/jobs" -d "{\"name\": \"$1\",
    \"dataset\": {\"name\": \"mnist-10k\"}, \"model\": {\"hiddenLayers\": 20, \"hiddenUnits\": 50,
    \"init\": {\"type\": \"he\"}}, \"optimizer\": {\"type\": \"sgd\", \"learningRate\": 0.02}, $2
    \"training\": {\"maxSteps\": $3, \"batchSize\": 128}}" | jq -r .id
}

# runs COUNT jobs at once and prints their total updates per second, first start to last finish
phase() { # count, noisy, steps
  local noise="" ids=() id
  [ "$2" = noisy ] && noise='"gradientNoise": {"eta": 0.01, "seed": 7},'
  for _ in $(seq "$1"); do ids+=("$(submit "scaling $1 $2" "$noise" "$3")"); done
  for id in "${ids[@]}"; do
    until [ "$(curl -sf -H "$AUTH" "$API/api/v1/jobs/$id" | jq -r .status)" = SUCCEEDED ]; do sleep 1; done
  done
  for id in "${ids[@]}"; do curl -sf -H "$AUTH" "$API/api/v1/jobs/$id"; done | jq -s --argjson steps "$3" '
    def t: (.[0:19] + "Z" | fromdate) + ((capture("\\.(?<f>[0-9]+)").f // "0") | ("0." + .) | tonumber);
    (map(.startedAt | t) | min) as $start | (map(.finishedAt | t) | max) as $finish
    | ($steps * length) / ($finish - $start) | floor'
}

for noisy in plain noisy; do phase 1 $noisy 2000 > /dev/null; phase 2 $noisy 4000 > /dev/null; done
declare -A RATES
printf '%-6s %10s %10s %10s %10s\n' round "plain 1" "plain 2" "noisy 1" "noisy 2"
for round in $(seq "$ROUNDS"); do
  row=()
  for noisy in plain noisy; do
    for count in 1 2; do
      rate=$(phase $count $noisy "$STEPS"); RATES[$noisy$count]+="$rate "; row+=("$rate")
    done
  done
  printf '%-6s %10s %10s %10s %10s\n' "$round" "${row[@]}"
done
median() { tr ' ' '\n' <<< "$1" | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
P1=$(median "${RATES[plain1]}"); P2=$(median "${RATES[plain2]}"); N1=$(median "${RATES[noisy1]}"); N2=$(median "${RATES[noisy2]}")
printf '%-6s %10s %10s %10s %10s\n' median "$P1" "$P2" "$N1" "$N2"
awk -v p1="$P1" -v p2="$P2" -v n1="$N1" -v n2="$N2" 'BEGIN {
  printf "scaling: plain %.2fx, noisy %.2fx; noisy / plain: 1 job %.3f, 2 jobs %.3f\n", p2 / p1, n2 / n1, n1 / p1, n2 / p2 }'
