#!/usr/bin/env bash
# End-to-end deployment benchmark: 800 storage accounts (one copy loop) through a real appliance with the in-memory
# storage driver, timed from the deployment PUT to provisioningState Succeeded. Writes section 2 of
# docs/benchmarks-engine.md (section 1 is bench/engine.sh's and is left as it is).
#
#   bench/deploy800.sh
#
# Environment (all optional):
#   D800_PORT      HTTPS port of the appliance started here                     (18943)
#   D800_DATA      its data folder; created on first use, reused after          (/tmp/d800)
#   D800_JAR       the server jar started (not built here)                      (control-plane/server/target/dev-app/quarkus-run.jar)
#   D800_COUNT     storage accounts per deployment                              (800)
#   D800_RUNS      timed deployments, each into a new group; the median counts  (3)
#   D800_WARMUP    accounts of one untimed deployment first (JIT, caches); 0: none (200)
#   D800_POLL_MS   GET interval while waiting for Succeeded                      (100)
#   D800_TIMEOUT   seconds one deployment may take before the run fails          (900)
#   D800_KEEP      1: keep the benchmark groups (default: delete them and wait, so the next start has no leftover work)
#   D800_OUT       the markdown file written                                    (docs/benchmarks-engine.md)
#   STRATO_JAVA_OPTS extra JVM options of the appliance
#
# Only the appliance started here is stopped at the end (its pid, SIGTERM, then SIGKILL after 60 s).
# Server log, deployment and operations JSON of every run: D800_DATA/bench-logs/<UTC time>/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${D800_PORT:-18943}"
DATA="${D800_DATA:-/tmp/d800}"
JAR="${D800_JAR:-$ROOT/control-plane/server/target/dev-app/quarkus-run.jar}"
COUNT="${D800_COUNT:-800}"
RUNS="${D800_RUNS:-3}"
WARMUP="${D800_WARMUP:-200}"
POLL_MS="${D800_POLL_MS:-100}"
TIMEOUT="${D800_TIMEOUT:-900}"
OUT="${D800_OUT:-$ROOT/docs/benchmarks-engine.md}"
KEYCLOAK_HOME="${STRATO_KEYCLOAK_HOME:-$HOME/.cache/strato/keycloak-26.7.3}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
LOGS="$DATA/bench-logs/$STAMP"
GOAL_S=5
SA_API="api-version=2022-09-01"
V="api-version=2021-04-01"

if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

say() { printf '[deploy800 %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
for tool in curl jq python3 "$JAVA"; do command -v "$tool" >/dev/null || die "$tool is needed"; done
[ -f "$JAR" ] || die "no server jar at $JAR (build control-plane/server first)"
[ -d "$KEYCLOAK_HOME" ] || die "no Keycloak at $KEYCLOAK_HOME"
[[ "$COUNT" =~ ^[0-9]+$ && "$COUNT" -ge 1 && "$COUNT" -le 800 ]] || die "D800_COUNT must be 1..800 (one copy loop)"
mkdir -p "$DATA/tmp" "$LOGS"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------------------------------------- the appliance
SERVER_PID=""
SERVER_LOG="$LOGS/server.log"
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    say "stopping the appliance (pid $SERVER_PID)"
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    local i
    for i in $(seq 1 120); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$SERVER_PID" 2>/dev/null; then say "pid $SERVER_PID did not stop in 60 s; killing it"; kill -KILL "$SERVER_PID" 2>/dev/null || true; fi
  fi
  SERVER_PID=""
}
trap stop_server EXIT
server_alive() { kill -0 "$SERVER_PID" 2>/dev/null || { tail -40 "$SERVER_LOG" >&2; die "the appliance exited (log: $SERVER_LOG)"; }; }

if curl -sk -o /dev/null --max-time 2 "https://127.0.0.1:$PORT/healthz"; then die "something already answers on port $PORT"; fi
say "starting the appliance on port $PORT, data $DATA, in-memory storage driver (log: $SERVER_LOG)"
T_START=$(now_ms)
# shellcheck disable=SC2086
"$JAVA" ${STRATO_JAVA_OPTS:-} -XX:-UsePerfData -Djava.io.tmpdir="$DATA/tmp" -Dstrato.data="$DATA" -Dquarkus.http.ssl-port="$PORT" \
  -Dstrato.storage.driver=memory -Dstrato.keycloak.home="$KEYCLOAK_HOME" -jar "$JAR" >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!

deadline=$(( $(now_ms) + 900000 ))
until [ "$(curl -sk -o /dev/null -w '%{http_code}' --max-time 2 "https://127.0.0.1:$PORT/healthz" || true)" = 200 ]; do
  server_alive; [ "$(now_ms)" -lt "$deadline" ] || die "/healthz not 200 after 900 s"; sleep 0.2
done
until [ -s "$DATA/bootstrap.env" ] && grep -q '^CLIENT_SECRET=' "$DATA/bootstrap.env"; do
  server_alive; [ "$(now_ms)" -lt "$deadline" ] || die "no $DATA/bootstrap.env"; sleep 0.5
done
set -a; . "$DATA/bootstrap.env"; set +a
ARM="${ARM_ENDPOINT%/}"
CURL=(curl -sS --cacert "$CA_BUNDLE" --max-time 60)
AUD=$("${CURL[@]}" "$ARM/metadata/endpoints?api-version=2015-01-01" | jq -r '.authentication.audiences[0]')
token() {
  "${CURL[@]}" --data-urlencode grant_type=client_credentials --data-urlencode "client_id=$CLIENT_ID" \
    --data-urlencode "client_secret=$CLIENT_SECRET" --data-urlencode "scope=$AUD/.default" "$ARM/adfs/oauth2/token" 2>/dev/null \
    | jq -r '.access_token // empty' 2>/dev/null || true
}
# a fresh token in H (tokens live minutes: taken again before each deployment and whenever a poll answers 401)
renew_token() {
  local t=""
  until [ -n "$t" ]; do
    t="$(token)"
    [ -n "$t" ] && break
    server_alive; [ "$(now_ms)" -lt "$deadline" ] || die "no token from $ARM/adfs/oauth2/token"; sleep 1
  done
  H=(-H "Authorization: Bearer $t" -H "Content-Type: application/json")
}
renew_token
say "appliance ready in $(( ($(now_ms) - T_START) / 1000 )) s"
SUB="$ARM/subscriptions/$SUBSCRIPTION_ID"

# ---------------------------------------------------------------------------------------------- the template
TEMPLATE=$(jq -cn --argjson count "$COUNT" '{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  contentVersion: "1.0.0.0",
  parameters: { prefix: { type: "string", defaultValue: "st" }, count: { type: "int", defaultValue: $count } },
  resources: [ {
    type: "Microsoft.Storage/storageAccounts", apiVersion: "2022-09-01",
    name: "[concat(parameters('"'"'prefix'"'"'), uniqueString(resourceGroup().id), copyIndex())]",
    location: "[resourceGroup().location]", sku: { name: "Standard_LRS" }, kind: "StorageV2",
    tags: { index: "[string(copyIndex())]" },
    properties: { supportsHttpsTrafficOnly: true, minimumTlsVersion: "TLS1_2" },
    copy: { name: "accounts", count: "[parameters('"'"'count'"'"')]" } } ],
  outputs: { first: { type: "string", value: "[concat(parameters('"'"'prefix'"'"'), uniqueString(resourceGroup().id), 0)]" } } }')

# ---------------------------------------------------------------------------------------------- database view
# The appliance's own timestamps (deployment, deployment_operation, async_operation rows) split a run into the
# runner's begin phase, the reconcile jobs and the runner's refresh. Read-only; skipped without psql.
PGPORT="$(grep -o 'embedded PostgreSQL ready on port [0-9]*' "$SERVER_LOG" | tail -1 | awk '{print $NF}')"
db_breakdown() {   # $1: run number, $2: group name -> one markdown row, or nothing
  command -v psql >/dev/null && [ -n "$PGPORT" ] || return 0
  psql -X -q -A -t -F ' | ' -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres -d strato 2>/dev/null <<SQL || true
WITH d AS (SELECT id_key, started_at s, ended_at e FROM deployment
           WHERE name = 'd800' AND scope_key LIKE '%/resourcegroups/' || lower('$2')),
     o AS (SELECT o.started_at os, a.started_at a_s, a.ended_at a_e FROM deployment_operation o
           JOIN d ON o.deployment_key = d.id_key LEFT JOIN async_operation a ON a.id = o.async_operation),
     x AS (SELECT (SELECT s FROM d) s, (SELECT e FROM d) e)
SELECT '| $1', to_char(extract(epoch FROM x.e - x.s), 'FM990.00'),
       to_char(extract(epoch FROM min(os) - x.s), 'FM990.00') || ' – ' || to_char(extract(epoch FROM max(os) - x.s), 'FM990.00'),
       to_char(1000 * extract(epoch FROM max(os) - min(os)) / greatest(count(*) - 1, 1), 'FM9990.0'),
       coalesce(to_char(1000 * percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a_e - a_s)), 'FM999990') || ' / ' ||
       to_char(1000 * percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM a_e - a_s)), 'FM999990') || ' / ' ||
       to_char(1000 * max(extract(epoch FROM a_e - a_s)), 'FM999990'), 'none: done in the write'),
       coalesce(to_char(extract(epoch FROM max(a_e) - x.s), 'FM990.00'), 'n/a'),
       coalesce(to_char(extract(epoch FROM x.e - max(a_e)), 'FM990.00'), 'n/a') || ' |'
FROM o, x GROUP BY x.s, x.e;
SQL
}

# the strato database's transaction and row counters (pg_stat_database): "commits inserted updated deleted fetched"
db_counters() {
  command -v psql >/dev/null && [ -n "$PGPORT" ] || { echo ""; return 0; }
  psql -X -q -A -t -F ' ' -h 127.0.0.1 -p "$PGPORT" -U postgres -d strato -c "SELECT pg_stat_clear_snapshot()" \
    -c "SELECT xact_commit, tup_inserted, tup_updated, tup_deleted, tup_fetched FROM pg_stat_database WHERE datname = 'strato'" 2>/dev/null | tail -1 || true
}
# per planned resource, between two db_counters snapshots (the statistics collector lags up to ~0.5 s: wait first)
db_per_resource() {   # $1 before, $2 after, $3 resources
  [ -n "$1" ] && [ -n "$2" ] || { echo "n/a | n/a | n/a"; return 0; }
  awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN{split(a,x," "); split(b,y," ");
    printf "%.1f | %.1f | %.1f", (y[1]-x[1])/n, (y[2]-x[2]+y[3]-x[3]+y[4]-x[4])/n, (y[5]-x[5])/n}'
}

# ---------------------------------------------------------------------------------------------- runs
declare -a TOTALS SERVER_DUR ACCOUNTS BENCH_GROUPS
DB_ROWS=""
# One deployment into a new group: $1 run label (file names), $2 group, $3 accounts. Sets T (ms from the PUT to the
# first answer saying Succeeded), T_PUT, POLLS, N (accounts Succeeded in the group), D (server-side duration).
deploy() {
  local run="$1" G="$2" count="$3" code state RG DEP T0
  deadline=$(( $(now_ms) + 60000 )); renew_token
  BENCH_GROUPS+=("$G")
  RG="$SUB/resourcegroups/$G"
  code=$("${CURL[@]}" -X PUT "${H[@]}" "$RG?$V" -d '{"location":"local"}' -o /dev/null -w '%{http_code}')
  [[ "$code" = 200 || "$code" = 201 ]] || die "group PUT answered $code"
  DEP="$RG/providers/Microsoft.Resources/deployments/d800?$V"
  T0=$(now_ms)
  code=$("${CURL[@]}" -X PUT "${H[@]}" "$DEP" -d "{\"properties\":{\"mode\":\"Incremental\",\"template\":$TEMPLATE,\"parameters\":{\"count\":{\"value\":$count}}}}" \
    -o "$LOGS/run$run-put.json" -w '%{http_code}')
  T_PUT=$(( $(now_ms) - T0 ))
  [[ "$code" = 200 || "$code" = 201 ]] || { cat "$LOGS/run$run-put.json" >&2; die "deployment PUT answered $code"; }
  POLLS=0
  while :; do
    code=$("${CURL[@]}" "${H[@]}" "$DEP" -o "$LOGS/run$run-deployment.json" -w '%{http_code}' || echo 000)
    state=$([ "$code" = 200 ] && jq -r '.properties.provisioningState' "$LOGS/run$run-deployment.json" || echo "HTTP $code")
    if [ "$code" = 401 ]; then deadline=$(( $(now_ms) + 60000 )); renew_token; fi
    POLLS=$((POLLS + 1))
    case "$state" in Succeeded|Failed|Canceled) break ;; esac
    server_alive
    [ $(( $(now_ms) - T0 )) -lt $(( TIMEOUT * 1000 )) ] || die "run $run: still $state after $TIMEOUT s"
    sleep "$(awk -v m="$POLL_MS" 'BEGIN{printf "%.3f", m/1000}')"
  done
  T=$(( $(now_ms) - T0 ))
  [ "$state" = Succeeded ] || { jq . "$LOGS/run$run-deployment.json" >&2; die "run $run: deployment $state"; }
  "${CURL[@]}" "${H[@]}" "$RG/providers/Microsoft.Resources/deployments/d800/operations?$V" -o "$LOGS/run$run-operations.json"
  "${CURL[@]}" "${H[@]}" "$RG/providers/Microsoft.Storage/storageAccounts?$SA_API&%24top=1000" -o "$LOGS/run$run-accounts.json"
  N=$(jq '[.value[] | select(.properties.provisioningState == "Succeeded") | .id | ascii_downcase] | unique | length' "$LOGS/run$run-accounts.json")
  D=$(jq -r '.properties.duration' "$LOGS/run$run-deployment.json")
}

WARMUP_LINE="none (D800_WARMUP=0)"
if [ "$WARMUP" -gt 0 ]; then
  say "warm-up: a deployment of $WARMUP storage accounts (not timed)"
  deploy warmup "d800-$STAMP-warmup" "$WARMUP"
  [ "$N" = "$WARMUP" ] || die "warm-up: $N of $WARMUP accounts Succeeded"
  WARMUP_LINE="$WARMUP accounts into their own group, Succeeded after $(awk -v m="$T" 'BEGIN{printf "%.2f", m/1000}') s (first deployment of a fresh JVM)"
  say "warm-up: Succeeded after $T ms"
fi
for run in $(seq 1 "$RUNS"); do
  G="d800-$STAMP-$run"
  say "run $run/$RUNS: PUT deployment of $COUNT storage accounts into $G"
  sleep 1; C0="$(db_counters)"
  deploy "$run" "$G" "$COUNT"
  sleep 1; C1="$(db_counters)"
  TOTALS+=("$T"); SERVER_DUR+=("$D"); ACCOUNTS+=("$N")
  DB_ROWS+="$(db_breakdown "$run" "$G" | sed "s/ |\$/ | $(db_per_resource "$C0" "$C1" "$COUNT") |/")"$'\n'
  say "run $run: Succeeded after $T ms (PUT answered in $T_PUT ms; $POLLS polls; server-side duration $D); $N accounts Succeeded"
done

# ---------------------------------------------------------------------------------------------- analysis
ANALYSIS="$(LOGS="$LOGS" RUNS="$RUNS" python3 - <<'PY'
import json, os, re, statistics
from datetime import datetime, timedelta

def iso_dur(s):  # PT1.234S, PT1M2.5S
    m = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?", s)
    h, mi, se = m.groups()
    return int(h or 0) * 3600 + int(mi or 0) * 60 + float(se or 0)

def ts(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))

logs, runs = os.environ["LOGS"], int(os.environ["RUNS"])
lines = []
for run in range(1, runs + 1):
    dep = json.load(open(f"{logs}/run{run}-deployment.json"))["properties"]
    d_end = ts(dep["timestamp"]); d_dur = iso_dur(dep["duration"]); d_start = d_end - timedelta(seconds=d_dur)
    ops = json.load(open(f"{logs}/run{run}-operations.json"))["value"]
    durs, starts, ends = [], [], []
    for o in ops:
        p = o["properties"]
        du = iso_dur(p["duration"]); e = ts(p["timestamp"])
        durs.append(du); ends.append(e); starts.append(e - timedelta(seconds=du))
    durs.sort()
    q = lambda f: durs[min(len(durs) - 1, int(f * len(durs)))]
    rel = lambda t: (t - d_start).total_seconds()
    # how many operations were started per second of the begin phase
    begin_span = rel(max(starts)) - rel(min(starts))
    lines.append("|".join([
        f"| {run} ", f" {len(ops)} ", f" {d_dur:.2f} ", f" {rel(min(starts)):.2f} ", f" {begin_span:.2f} ",
        f" {begin_span / max(1, len(ops) - 1) * 1000:.1f} ", f" {q(0.5) * 1000:.0f} / {q(0.9) * 1000:.0f} / {durs[-1] * 1000:.0f} ",
        f" {rel(max(ends)):.2f} ", f" {d_dur - rel(max(ends)):.2f} |"]))
print("\n".join(lines))
PY
)"

SORTED=($(printf '%s\n' "${TOTALS[@]}" | sort -n))
MEDIAN_MS=${SORTED[$(( RUNS / 2 ))]}
MIN_ACCOUNTS=$(printf '%s\n' "${ACCOUNTS[@]}" | sort -n | head -1)
MEDIAN_S=$(awk -v m="$MEDIAN_MS" 'BEGIN{printf "%.2f", m/1000}')
if [ "$MIN_ACCOUNTS" = "$COUNT" ] && [ "$COUNT" = 800 ] && [ "$MEDIAN_MS" -lt $(( GOAL_S * 1000 )) ]; then GOAL=met; else GOAL="not met"; fi
say "median $MEDIAN_S s over $RUNS runs ($(printf '%s ' "${TOTALS[@]}")ms); accounts per run: ${ACCOUNTS[*]}; goal $GOAL"

# ---------------------------------------------------------------------------------------------- clean up
if [ "${D800_KEEP:-0}" != 1 ]; then
  say "deleting the benchmark groups and waiting for them to go"
  deadline=$(( $(now_ms) + 60000 )); renew_token
  for G in "${BENCH_GROUPS[@]}"; do "${CURL[@]}" -X DELETE "${H[@]}" "$SUB/resourcegroups/$G?$V" -o /dev/null || true; done
  for G in "${BENCH_GROUPS[@]}"; do
    for _ in $(seq 1 600); do
      [ "$("${CURL[@]}" "${H[@]}" "$SUB/resourcegroups/$G?$V" -o /dev/null -w '%{http_code}' || true)" = 404 ] && break
      sleep 1
    done
  done
  # a group answers 404 as soon as its delete starts: wait for the appliance's open operations to finish too
  if command -v psql >/dev/null && [ -n "$PGPORT" ]; then
    for _ in $(seq 1 300); do
      open=$(psql -X -q -A -t -h 127.0.0.1 -p "$PGPORT" -U postgres -d strato -c "SELECT count(*) FROM async_operation WHERE status = 'InProgress'" 2>/dev/null || echo 0)
      [ "$open" = 0 ] && break
      sleep 1
    done
    [ "$open" = 0 ] || say "still $open open operations; the next start finishes them"
  fi
fi
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
stop_server

# ---------------------------------------------------------------------------------------------- markdown
CMD="bench/deploy800.sh"
for v in D800_COUNT D800_RUNS D800_WARMUP D800_POLL_MS D800_PORT STRATO_JAVA_OPTS; do [ -n "${!v:-}" ] && CMD="$v=${!v} $CMD"; done
CPU="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
JAVA_VERSION="$("$JAVA" -version 2>&1 | head -1)"
DB_SECTION=""
if [ -n "$DB_ROWS" ]; then
  DB_SECTION="From the appliance's database (its own timestamps): the begin phase is when the runner's first step renders and writes
the resources (chunks of 50 on up to 4 threads, each in transactions of at most 2 s), each write starting the account's reconcile job; \"reconcile\" is each job's time from
that write until the account was Succeeded (queueing in db-scheduler included); \"refresh\" is from the last account
Succeeded until the runner, in a later step, had looked at every operation again and marked the deployment Succeeded.
With the in-memory driver an account is Succeeded in its write, so there is no reconcile job (\"none: done in the write\").
The last three columns divide PostgreSQL's counters for the \`strato\` database (\`pg_stat_database\`: committed
transactions, rows inserted + updated + deleted, rows fetched) over the run, polling included, by the $COUNT resources.

| Run | Deployment (s) | Begin phase (s from start) | Per resource begun (ms) | Reconcile p50 / p90 / max (ms) | Last account Succeeded (s) | Refresh until Succeeded (s) | Commits per resource | Rows written per resource | Rows fetched per resource |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
$DB_ROWS"
fi
ROWS=""
for i in $(seq 0 $(( RUNS - 1 ))); do
  ROWS+="| $((i + 1)) | $(awk -v m="${TOTALS[$i]}" 'BEGIN{printf "%.2f", m/1000}') | ${SERVER_DUR[$i]} | ${ACCOUNTS[$i]} |"$'\n'
done
python3 "$ROOT/bench/md-section.py" "$OUT" deploy800 <<MD
## 2. End to end: $COUNT storage accounts in one deployment

Measured $(date -u '+%Y-%m-%d %H:%M') UTC. Command: \`$CMD\`. The script starts its own appliance (\`$(realpath --relative-to="$ROOT" "$JAR")\`,
HTTPS on port $PORT, data in \`$DATA\`, embedded PostgreSQL and Keycloak, \`-Dstrato.storage.driver=memory\`), creates one
resource group per run, PUTs one deployment of a template with one storage account copied $COUNT times (name
\`[concat(parameters('prefix'), uniqueString(resourceGroup().id), copyIndex())]\`), polls the deployment every ${POLL_MS} ms
and stops the clock at the first answer saying \`Succeeded\`; then counts the group's storage accounts in state Succeeded
(one list call, \`\$top=1000\`), deletes the groups and stops the appliance. Machine: $(nproc) CPUs ($CPU), $JAVA_VERSION;
load average $LOAD_BEFORE before, $LOAD_AFTER at the end; the CPUs are shared with the appliance's PostgreSQL and Keycloak.
Untimed warm-up deployment before the runs: $WARMUP_LINE.

### Goal

- **$GOAL** — $COUNT resources deployed end to end under $GOAL_S s: median $MEDIAN_S s of $RUNS runs; accounts created per run: ${ACCOUNTS[*]}.

### Runs

| Run | PUT to Succeeded, client (s) | Server-side duration | Accounts Succeeded |
|---:|---:|---|---:|
$ROWS
### Where the time goes (from the deployment's operations)

Seconds from the deployment's start. "Begin phase": from the first operation's start to the last one's (the runner
renders and writes the resources, in chunks of 50 on up to 4 threads, each in transactions of at most 2 s). Operation duration: from the operation's start until the runner
saw it finished (the reconcile job done and the next step's refresh).

| Run | Operations | Deployment (s) | First operation starts (s) | Begin phase (s) | Per resource begun (ms) | Operation duration p50 / p90 / max (ms) | Last operation ends (s) | Last end to Succeeded (s) |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|
$ANALYSIS

$DB_SECTION
MD
say "wrote section 2 of $OUT"
