#!/usr/bin/env bash
# Strato benchmarks: starts its own appliance, measures, writes docs/benchmarks.md, stops the appliance.
#
#   bench/run.sh
#
# Environment (all optional):
#   BENCH_PORT      HTTPS port of the appliance started here            (18643)
#   BENCH_DATA      its data folder; created on first use, reused after (/tmp/benchdata/strato)
#   BENCH_DURATION  seconds per wrk measurement                          (10)
#   BENCH_WARMUP    seconds of JIT warm-up per request before measuring  (5)
#   BENCH_SMALL     rows of the "1k" data set                            (1000)
#   BENCH_BIG       rows of the "1M" data set                            (1000000)
#   BENCH_RESTARTS  timed restarts for start-to-ready                    (3)
#   BENCH_OUT       the markdown written                                 (docs/benchmarks.md)
#   BENCH_NO_BUILD  1: start the built jar as it is, without ./strato's "build if stale" step
#   STRATO_JAVA_OPTS extra JVM options, passed on as ./strato up does
#
# What it does, in order: start (./strato up), create the benchmark resources through the API (groups bench,
# bench-put, bench-big and one storage account), insert BENCH_SMALL storage-account rows into bench-big with
# one INSERT ... SELECT generate_series, measure the request mix at concurrency 1/16/64 and the list pages at
# 1k, grow bench-big to BENCH_BIG rows, measure the list pages again, read the server's RSS, delete the big
# rows, time BENCH_RESTARTS restarts (same java command line as ./strato up), stop, write the markdown.
# Every run starts by deleting leftover bench-big rows, so an interrupted run does not skew the next one.
# Raw wrk outputs, EXPLAIN ANALYZE plans and server logs go to BENCH_DATA/bench-logs/<UTC time>/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${BENCH_PORT:-18643}"
DATA="${BENCH_DATA:-/tmp/benchdata/strato}"
DURATION="${BENCH_DURATION:-10}"
WARMUP="${BENCH_WARMUP:-5}"
SMALL="${BENCH_SMALL:-1000}"
BIG="${BENCH_BIG:-1000000}"
RESTARTS="${BENCH_RESTARTS:-3}"
OUT="${BENCH_OUT:-$ROOT/docs/benchmarks.md}"
LUA="$ROOT/bench/wrk.lua"
SERVER_JAR="$ROOT/control-plane/server/target/quarkus-app/quarkus-run.jar"
CONCURRENCY=(1 16 64)
GROUP_TYPE="microsoft.resources/resourcegroups"
ACCOUNT="stratobench01"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
LOGS="$DATA/bench-logs/$STAMP"

if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

say() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
for tool in wrk psql curl jq awk; do command -v "$tool" >/dev/null || die "$tool is needed"; done
[[ "$DURATION" =~ ^[0-9]+$ && "$DURATION" -gt 0 ]] || die "BENCH_DURATION must be a positive number of seconds"
[ "$BIG" -gt "$SMALL" ] || die "BENCH_BIG must be larger than BENCH_SMALL"
mkdir -p "$LOGS" "$DATA/tmp" "$(dirname "$OUT")"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------------------------------------- the server
SERVER_PID=""
SERVER_LOG=""
start_server() {   # $1: launcher | direct ; $2: log file
  SERVER_LOG="$2"
  if [ "$1" = launcher ] && [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
    "$ROOT/strato" up --data "$DATA" --port "$PORT" >"$SERVER_LOG" 2>&1 &
  else
    [ -f "$SERVER_JAR" ] || die "no server jar at $SERVER_JAR (run ./strato build)"
    # exactly what ./strato up execs, without its staleness check (a concurrent edit must not turn a timed restart into a build)
    # shellcheck disable=SC2086
    "$JAVA" ${STRATO_JAVA_OPTS:-} -XX:-UsePerfData -Djava.io.tmpdir="$DATA/tmp" -Dstrato.data="$DATA" \
      -Dquarkus.http.ssl-port="$PORT" -Dstrato.keycloak.home="$KEYCLOAK_HOME" -jar "$SERVER_JAR" >"$SERVER_LOG" 2>&1 &
  fi
  SERVER_PID=$!
}

stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    local i
    for i in $(seq 1 120); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$SERVER_PID" 2>/dev/null; then say "server $SERVER_PID did not stop in 60 s; killing it"; kill -KILL "$SERVER_PID" 2>/dev/null || true; fi
  fi
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
trap 'stop_server' EXIT
trap 'exit 130' INT TERM

server_alive() { kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited; see $SERVER_LOG"; }

http_code() { curl -sk -o /dev/null -w '%{http_code}' --max-time 5 "$@" 2>/dev/null || true; }

wait_healthz() {   # $1: timeout in s
  local deadline=$(( $(now_ms) + $1 * 1000 ))
  until [ "$(http_code "https://127.0.0.1:$PORT/healthz")" = 200 ]; do
    server_alive; [ "$(now_ms)" -lt "$deadline" ] || die "/healthz not 200 after $1 s"; sleep 0.05
  done
}

pg_port() { grep -o 'embedded PostgreSQL ready on port [0-9]*' "$SERVER_LOG" | tail -1 | awk '{print $NF}'; }
sql() { psql -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres -d strato "$@"; }

# ------------------------------------------------------------------------------------ identity and the API
AUDIENCE=""
TOKEN=""
fetch_token() {   # prints an access token, or nothing
  curl -sk --max-time 10 -d grant_type=client_credentials --data-urlencode "client_id=$CLIENT_ID" \
    --data-urlencode "client_secret=$CLIENT_SECRET" --data-urlencode "scope=$AUDIENCE/.default" \
    "${ARM_ENDPOINT}adfs/oauth2/token" 2>/dev/null | jq -r '.access_token // empty' 2>/dev/null || true
}
refresh_token() { TOKEN="$(fetch_token)"; [ -n "$TOKEN" ] || die "no token from ${ARM_ENDPOINT}adfs/oauth2/token"; }

API_STATUS=""; API_BODY=""
api() {   # api METHOD PATH [BODY]: sets API_STATUS and API_BODY (call it directly, not in $(...))
  local out="$LOGS/api-body.json"
  local args=(-sS --cacert "$CA_BUNDLE" -o "$out" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $TOKEN")
  if [ $# -ge 3 ]; then args+=(-H 'Content-Type: application/json' --data-binary "$3"); fi
  API_STATUS="$(curl "${args[@]}" "${ARM_ENDPOINT%/}$2" || true)"
  API_BODY="$(cat "$out" 2>/dev/null || true)"
}
expect() {   # expect "what" codes...
  local what="$1"; shift
  local c; for c in "$@"; do [ "$API_STATUS" = "$c" ] && return 0; done
  die "$what: HTTP $API_STATUS (expected $*)"
}

# -------------------------------------------------------------------------------------------------- wrk
declare -A RES   # RES[key] = "rps p50_us p99_us non2xx sockerr requests"
run_wrk() {   # run_wrk KEY CONNECTIONS SECONDS URL [METHOD BODY AUTH(yes|no)]
  local key="$1" conn="$2" secs="$3" url="$4" method="${5:-GET}" body="${6:-}" auth="${7:-yes}"
  local threads=$(( conn < 2 ? conn : 2 )) log="$LOGS/wrk-$1.txt" tok=""
  [ "$auth" = yes ] && tok="$TOKEN"
  server_alive
  BENCH_TOKEN="$tok" BENCH_METHOD="$method" BENCH_BODY="$body" \
    wrk -t"$threads" -c"$conn" -d"${secs}s" --timeout 30s --latency -s "$LUA" "$url" >"$log" 2>&1 || true
  local line; line="$(grep '^BENCH ' "$log" | tail -1 || true)"
  if [ -z "$line" ]; then say "wrk gave no result for $key (see $log)"; RES[$key]="nan nan nan nan nan 0"; return; fi
  # no completed request: wrk reports latencies of 0, which must not read as "fast"
  local v; v="$(awk '{for(i=2;i<=NF;i++){split($i,a,"="); m[a[1]]=a[2]}
    if (m["requests"]+0 == 0) { m["p50_us"]="nan"; m["p99_us"]="nan" }
    print m["rps"], m["p50_us"], m["p99_us"], m["non2xx"], m["sockerr"], m["requests"]}' <<<"$line")"
  RES[$key]="$v"
  read -r rps p50 p99 bad err _ <<<"$v"
  say "$(printf '%-28s c=%-3s %9.1f req/s  p50 %8s ms  p99 %8s ms  non-2xx %s  socket errors %s' "$key" "$conn" "$rps" "$(ms "$p50")" "$(ms "$p99")" "$bad" "$err")"
}
field() { local a; read -r -a a <<<"${RES[$1]}"; echo "${a[$2]}"; }   # 0 rps 1 p50 2 p99 3 non2xx 4 sockerr 5 requests
ms() { awk -v v="$1" 'BEGIN{ if (v=="nan") print "n/a"; else printf "%.2f", v/1000 }'; }
num0() { awk -v v="$1" 'BEGIN{ if (v=="nan") print "n/a"; else printf "%.0f", v }'; }
b64url() { printf '%s' "$1" | base64 -w0 | tr '+/' '-_' | tr -d '='; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{ if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2 }'; }

# ======================================================================================== 1. start, set up
KEYCLOAK_HOME="$("$ROOT/strato" keycloak-home)"
say "starting the appliance on port $PORT with data in $DATA (logs: $LOGS)"
T_FIRST=$(now_ms)
start_server launcher "$LOGS/server-first.log"
wait_healthz 1800   # a first start may build and fetch Keycloak
for i in $(seq 1 600); do [ -s "$DATA/bootstrap.env" ] && grep -q '^CLIENT_SECRET=' "$DATA/bootstrap.env" && break; server_alive; sleep 1; done
# shellcheck disable=SC1091
. "$DATA/bootstrap.env"
AUDIENCE="$(curl -s --cacert "$CA_BUNDLE" "${ARM_ENDPOINT}metadata/endpoints?api-version=2015-01-01" | jq -r '.authentication.audiences[0]')"
[ -n "$AUDIENCE" ] && [ "$AUDIENCE" != null ] || die "no audience in the metadata document"
for i in $(seq 1 300); do TOKEN="$(fetch_token)"; [ -n "$TOKEN" ] && break; server_alive; sleep 1; done
[ -n "$TOKEN" ] || die "no token after 300 s"
say "appliance ready in $(( ($(now_ms) - T_FIRST) / 1000 )) s (first start of this run, Keycloak included)"
PGPORT="$(pg_port)"; [ -n "$PGPORT" ] || die "no 'embedded PostgreSQL ready on port' line in $SERVER_LOG"
SUB="$SUBSCRIPTION_ID"
SUBKEY="${SUB,,}"
BASE="${ARM_ENDPOINT%/}"
S="/subscriptions/$SUB"

say "creating the benchmark resources through the API"
for g in bench bench-put bench-big; do
  api PUT "$S/resourcegroups/$g?api-version=2021-04-01" '{"location":"local","tags":{"k":"v"}}'; expect "PUT group $g" 200 201
done
api PUT "$S/resourceGroups/bench/providers/Microsoft.Storage/storageAccounts/$ACCOUNT?api-version=2022-09-01" \
  '{"location":"local","kind":"StorageV2","sku":{"name":"Standard_LRS"}}'; expect "PUT storage account" 200 201 202
for i in $(seq 1 120); do
  api GET "$S/resourceGroups/bench/providers/Microsoft.Storage/storageAccounts/$ACCOUNT?api-version=2022-09-01"
  state="$(jq -r '.properties.provisioningState // empty' <<<"$API_BODY" 2>/dev/null || true)"
  [ "$API_STATUS" = 200 ] && [ "$state" = Succeeded ] && break; sleep 0.5
done
[ "${state:-}" = Succeeded ] || die "storage account $ACCOUNT did not reach Succeeded"

TEMPLATE_KEY="/subscriptions/$SUBKEY/resourcegroups/bench/providers/microsoft.storage/storageaccounts/$ACCOUNT"
PREFIX="/subscriptions/$SUB/resourceGroups/bench-big/providers/Microsoft.Storage/storageAccounts/"
PREFIX_KEY="${PREFIX,,}"
name_of() { printf 'bb%08d' "$1"; }   # bb00000001 ... : valid, unique storage account names

delete_big_rows() {   # $1: keep rows numbered <= $1
  sql -v sub="$SUBKEY" -v keep="$(name_of "$1")" <<'SQL'
DELETE FROM resource WHERE subscription_id = :'sub' AND resource_group = 'bench-big'
  AND type_key = 'microsoft.storage/storageaccounts' AND name_key LIKE 'bb%' AND name_key > :'keep';
SQL
}
insert_rows() {   # $1..$2: row numbers; one INSERT ... SELECT generate_series, the spec copied from the real account
  sql -v template="$TEMPLATE_KEY" -v prefix="$PREFIX" -v from="$1" -v to="$2" <<'SQL'
INSERT INTO resource (id_key, id, subscription_id, resource_group, type_key, name_key, global_name, location, tags, spec,
                      provisioning_state, etag, created_at, created_by, created_by_type, modified_at, modified_by, modified_by_type)
SELECT lower(:'prefix') || n.name, :'prefix' || n.name, t.subscription_id, 'bench-big', t.type_key, n.name, t.global_name,
       t.location, t.tags, t.spec, t.provisioning_state, '"' || gen_random_uuid() || '"',
       t.created_at, t.created_by, t.created_by_type, t.modified_at, t.modified_by, t.modified_by_type
FROM resource t
CROSS JOIN LATERAL generate_series(:from::int, :to::int) AS g(i)
CROSS JOIN LATERAL (SELECT 'bb' || lpad(g.i::text, 8, '0') AS name) AS n
WHERE t.id_key = :'template';
SQL
}
count_big() { sql -v sub="$SUBKEY" <<'SQL'
SELECT count(*) FROM resource WHERE subscription_id = :'sub' AND resource_group = 'bench-big' AND type_key <> 'microsoft.resources/resourcegroups';
SQL
}

say "resetting bench-big (leftovers of an earlier run) and inserting $SMALL rows"
delete_big_rows 0
sql -c 'VACUUM FULL ANALYZE resource'
insert_rows 1 "$SMALL"
sql -c 'ANALYZE resource'
[ "$(count_big)" = "$SMALL" ] || die "bench-big holds $(count_big) rows, expected $SMALL"
TOTAL_SMALL="$(sql -c "SELECT count(*) FROM resource WHERE subscription_id = '$SUBKEY' AND type_key <> '$GROUP_TYPE'")"

# ====================================================================================== 2. the request mix
URL_HEALTH="$BASE/healthz"
URL_GET_SA="$BASE$S/resourceGroups/bench/providers/Microsoft.Storage/storageAccounts/$ACCOUNT?api-version=2022-09-01"
URL_GET_RG="$BASE$S/resourcegroups/bench?api-version=2021-04-01"
URL_PUT_RG="$BASE$S/resourcegroups/bench-put?api-version=2021-04-01"
PUT_BODY='{"location":"local","tags":{"k":"v"}}'
URL_LIST="$BASE$S/resources?api-version=2021-04-01&\$top=100"

check_page() {   # check_page URL WHAT: a full page of 100 with a nextLink
  local body n next; body="$(curl -sk -H "Authorization: Bearer $TOKEN" "$1")"
  n="$(jq '.value | length' <<<"$body")"; next="$(jq -r '.nextLink // empty' <<<"$body")"
  [ "$n" = 100 ] && [ -n "$next" ] || die "$2: expected a page of 100 with a nextLink, got $n items, nextLink '${next}'"
  echo "$body" | jq -r '.value[0].id, .value[99].id, .nextLink' >"$LOGS/page-$(tr ' /' '__' <<<"$2").txt"
}

# sanity: every request answers as expected before it is measured
[ "$(http_code "$URL_HEALTH")" = 200 ] || die "/healthz"
[ "$(http_code -H "Authorization: Bearer $TOKEN" "$URL_GET_SA")" = 200 ] || die "GET storage account"
[ "$(http_code -H "Authorization: Bearer $TOKEN" "$URL_GET_RG")" = 200 ] || die "GET resource group"
[ "$(http_code -X PUT -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data "$PUT_BODY" "$URL_PUT_RG")" = 200 ] || die "PUT resource group (update) is not 200"
check_page "$URL_LIST" "list 1k"

MIX=(health get_sa get_rg put_rg list)
declare -A LABEL=( [health]='`GET /healthz` (ceiling)' [get_sa]='GET storage account' [get_rg]='GET resource group'
                   [put_rg]='PUT resource group (update, 200)' [list]='List page, `$top=100` (subscription)' )
run_mix() {   # run_mix NAME CONN SECONDS KEY
  case "$1" in
    health) run_wrk "$4" "$2" "$3" "$URL_HEALTH" GET '' no ;;
    get_sa) run_wrk "$4" "$2" "$3" "$URL_GET_SA" ;;
    get_rg) run_wrk "$4" "$2" "$3" "$URL_GET_RG" ;;
    put_rg) run_wrk "$4" "$2" "$3" "$URL_PUT_RG" PUT "$PUT_BODY" ;;
    list)   run_wrk "$4" "$2" "$3" "$URL_LIST" ;;
  esac
}

refresh_token
say "warm-up: ${WARMUP} s per request at concurrency 16 (not reported)"
for m in "${MIX[@]}"; do run_mix "$m" 16 "$WARMUP" "warmup-$m"; done
say "measuring the request mix: ${DURATION} s per request and concurrency"
for c in "${CONCURRENCY[@]}"; do
  refresh_token
  for m in "${MIX[@]}"; do run_mix "$m" "$c" "$DURATION" "$m-c$c"; done
done

# ================================================================================ 3. list pages, 1k vs 1M
LIST_ROWS=(sub_first rg_first sub_deep rg_deep)
declare -A LIST_LABEL=( [sub_first]='Subscription list, first page' [rg_first]='Group `bench-big` list, first page'
                        [sub_deep]='Subscription list, deep page (middle of bench-big)' [rg_deep]='Group `bench-big` list, deep page (middle)' )
list_url() {   # list_url ROW SIZE
  local token; token="$(b64url "$PREFIX_KEY$(name_of $(( $2 / 2 )))")"
  case "$1" in
    sub_first) echo "$BASE$S/resources?api-version=2021-04-01&\$top=100" ;;
    rg_first)  echo "$BASE$S/resourceGroups/bench-big/resources?api-version=2021-04-01&\$top=100" ;;
    sub_deep)  echo "$BASE$S/resources?api-version=2021-04-01&\$top=100&\$skipToken=$token" ;;
    rg_deep)   echo "$BASE$S/resourceGroups/bench-big/resources?api-version=2021-04-01&\$top=100&\$skipToken=$token" ;;
  esac
}

explain_lists() {   # explain_lists SIZE: the statements Hibernate issues (seen with -Dquarkus.hibernate-orm.log.sql=true)
  local after; after="$PREFIX_KEY$(name_of $(( $1 / 2 )))"
  sql -v sub="$SUBKEY" -v after="$after" -v gt="$GROUP_TYPE" >"$LOGS/explain-$1.txt" 2>&1 <<'SQL' || true
\pset tuples_only off
\pset format aligned
\echo '== subscription list, first page'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM resource re1_0 WHERE re1_0.subscription_id = :'sub' AND re1_0.type_key <> :'gt'
  ORDER BY re1_0.id_key FETCH FIRST 101 ROWS ONLY;
\echo '== group list, first page'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM resource re1_0 WHERE re1_0.subscription_id = :'sub' AND re1_0.resource_group = 'bench-big'
  AND re1_0.type_key <> :'gt' ORDER BY re1_0.id_key FETCH FIRST 101 ROWS ONLY;
\echo '== subscription list, deep page'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM resource re1_0 WHERE re1_0.subscription_id = :'sub' AND re1_0.type_key <> :'gt'
  AND re1_0.id_key > :'after' ORDER BY re1_0.id_key FETCH FIRST 101 ROWS ONLY;
\echo '== group list, deep page'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM resource re1_0 WHERE re1_0.subscription_id = :'sub' AND re1_0.resource_group = 'bench-big'
  AND re1_0.type_key <> :'gt' AND re1_0.id_key > :'after' ORDER BY re1_0.id_key FETCH FIRST 101 ROWS ONLY;
SQL
}

measure_lists() {   # measure_lists SIZE
  local r
  check_page "$(list_url rg_first "$1")" "group list $1"
  check_page "$(list_url sub_deep "$1")" "subscription deep page $1"
  for r in "${LIST_ROWS[@]}"; do run_wrk "warm-$r-$1" 1 2 "$(list_url "$r" "$1")" >/dev/null; done
  for r in "${LIST_ROWS[@]}"; do run_wrk "$r-$1" 1 "$DURATION" "$(list_url "$r" "$1")"; done
  explain_lists "$1"
  time_deletes "$1"
}

declare -A DEL_MS
time_deletes() {   # time_deletes SIZE: DELETE the last 5 rows of bench-big through the API, one at a time; median ms
  local i code t all=()
  for i in $(seq $(( $1 - 4 )) "$1"); do
    t="$(curl -sk -o /dev/null -w '%{http_code} %{time_total}' -X DELETE -H "Authorization: Bearer $TOKEN" \
      "$BASE$S/resourceGroups/bench-big/providers/Microsoft.Storage/storageAccounts/$(name_of "$i")?api-version=2022-09-01" || true)"
    code="${t%% *}"; [ "$code" = 200 ] || die "DELETE $(name_of "$i"): HTTP $code"
    all+=("$(awk -v s="${t#* }" 'BEGIN{printf "%d", s*1000000}')")
  done
  DEL_MS[$1]="$(median "${all[@]}")"
  say "DELETE one resource with $1 rows in bench-big: median $(ms "${DEL_MS[$1]}") ms"
  insert_rows $(( $1 - 4 )) "$1"   # put them back
}

refresh_token
say "list pages with $SMALL rows in bench-big"
measure_lists "$SMALL"

say "growing bench-big to $BIG rows (one INSERT ... SELECT generate_series)"
T=$(now_ms); insert_rows $(( SMALL + 1 )) "$BIG"; INSERT_MS=$(( $(now_ms) - T ))
T=$(now_ms); sql -c 'ANALYZE resource'; ANALYZE_MS=$(( $(now_ms) - T ))
[ "$(count_big)" = "$BIG" ] || die "bench-big holds $(count_big) rows, expected $BIG"
TOTAL_BIG="$(sql -c "SELECT count(*) FROM resource WHERE subscription_id = '$SUBKEY' AND type_key <> '$GROUP_TYPE'")"
TABLE_SIZE="$(sql -c "SELECT pg_size_pretty(pg_total_relation_size('resource'))")"
say "inserted $(( BIG - SMALL )) rows in $INSERT_MS ms, ANALYZE $ANALYZE_MS ms; table with indexes: $TABLE_SIZE"
refresh_token
say "list pages with $BIG rows in bench-big"
measure_lists "$BIG"

# ============================================================================================ 4. memory
SERVER_COMM="$(ps -o comm= -p "$SERVER_PID" || true)"
RSS_KB="$(ps -o rss= -p "$SERVER_PID" | tr -d ' ')"
HWM_KB="$(awk '/^VmHWM/{print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)"
# Keycloak runs as a descendant of the server (kc.sh, then its JVM): sum the java processes below the server
KC_RSS_KB="$(ps -e -o pid=,ppid=,rss=,comm= | awk -v root="$SERVER_PID" '
  { parent[$1]=$2; rss[$1]=$3; comm[$1]=$4 }
  END { for (p in parent) { if (comm[p]!="java" || p==root) continue; q=parent[p]
          while (q in parent && q!=root && q>1) q=parent[q]; if (q==root) s+=rss[p] } print s+0 }')"
JCMD="${JAVA_HOME:+$JAVA_HOME/bin/}jcmd"
"$JCMD" "$SERVER_PID" GC.heap_info >"$LOGS/heap-info.txt" 2>&1 || true
"$JCMD" "$SERVER_PID" VM.flags >>"$LOGS/heap-info.txt" 2>&1 || true
# G1 prints "garbage-first heap total reserved ..K, committed ..K, used ..K"; Serial/Parallel print one "total ..K, used ..K" per generation
read -r HEAP_COMMITTED_MB HEAP_USED_MB < <(awk '
  /garbage-first heap/ { for (i=1;i<=NF;i++) { if ($i=="committed") c+=$(i+1)+0; if ($i=="used") u+=$(i+1)+0 } next }
  /^ *[A-Za-z]+ +total [0-9]+K, used [0-9]+K/ { for (i=1;i<=NF;i++) { if ($i=="total") c+=$(i+1)+0; if ($i=="used") u+=$(i+1)+0 } next }
  END { printf "%s %s\n", (c ? int(c/1024) : "?"), (u ? int(u/1024) : "?") }' "$LOGS/heap-info.txt" 2>/dev/null || echo "? ?")
HEAP_MAX_MB="$(grep -oE 'MaxHeapSize=[0-9]+' "$LOGS/heap-info.txt" | head -1 | awk -F= '{printf "%d", $2/1048576}' || true)"
GC_NAME="$(grep -oE -- '-XX:\+Use[A-Za-z0-9]+GC' "$LOGS/heap-info.txt" | head -1 | sed 's/-XX:+Use//; s/GC$//' || true)"
say "server ($SERVER_COMM, pid $SERVER_PID) RSS $(( RSS_KB / 1024 )) MB, peak $(( HWM_KB / 1024 )) MB; Keycloak JVM $(( KC_RSS_KB / 1024 )) MB"

say "deleting the big rows (keeping $SMALL)"
T=$(now_ms); delete_big_rows "$SMALL"; sql -c 'VACUUM FULL ANALYZE resource'; DELETE_MS=$(( $(now_ms) - T ))

# =================================================================================== 5. start-to-ready
OLD_TOKEN="$(fetch_token)"
declare -a R_HTTP R_API R_FULL R_QUARKUS R_PG R_FLYWAY
log_offset() {   # log_offset REGEX T0_MS: ms from T0 to the first server log line matching REGEX (its own timestamp)
  local ts; ts="$(grep -E -m1 "$1" "$SERVER_LOG" | grep -oE '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8},[0-9]{3}' || true)"
  if [ -z "$ts" ]; then echo nan; return; fi
  echo $(( $(date -d "${ts/,/.}" +%s%3N) - $2 ))
}
for n in $(seq 1 "$RESTARTS"); do
  stop_server
  say "restart $n/$RESTARTS"
  T0=$(now_ms)
  start_server direct "$LOGS/server-restart-$n.log"
  wait_healthz 300; T_HTTP=$(( $(now_ms) - T0 ))
  deadline=$(( T0 + 300000 ))
  until [ "$(http_code -H "Authorization: Bearer $OLD_TOKEN" "$BASE/subscriptions?api-version=2016-06-01")" = 200 ]; do
    server_alive; [ "$(now_ms)" -lt "$deadline" ] || die "no authenticated 200 within 300 s"; sleep 0.05
  done
  T_API=$(( $(now_ms) - T0 ))
  while :; do
    server_alive; [ "$(now_ms)" -lt "$deadline" ] || die "no fresh token within 300 s"
    TOKEN="$(fetch_token)"
    if [ -n "$TOKEN" ] && [ "$(http_code -H "Authorization: Bearer $TOKEN" "$BASE/subscriptions?api-version=2016-06-01")" = 200 ]; then break; fi
    sleep 0.2
  done
  T_FULL=$(( $(now_ms) - T0 ))
  R_HTTP+=("$T_HTTP"); R_API+=("$T_API"); R_FULL+=("$T_FULL")
  R_PG+=("$(log_offset 'embedded PostgreSQL ready on port' "$T0")")
  R_FLYWAY+=("$(log_offset 'Schema .* is up to date|Successfully applied' "$T0")")
  R_QUARKUS+=("$(log_offset 'started in [0-9.]*s\. Listening on' "$T0")")
  say "  /healthz 200 after $T_HTTP ms; authenticated 200 (token from before) after $T_API ms; fresh token + 200 after $T_FULL ms"
done
PGPORT="$(pg_port)"
delete_big_rows 0
stop_server
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# ===================================================================================== 6. the markdown
MED_HTTP="$(median "${R_HTTP[@]}")"; MED_API="$(median "${R_API[@]}")"; MED_FULL="$(median "${R_FULL[@]}")"
MED_QUARKUS="$(median "${R_QUARKUS[@]}")"; MED_PG="$(median "${R_PG[@]}")"; MED_FLYWAY="$(median "${R_FLYWAY[@]}")"
share() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a=="nan" || b=="nan" || b==0) print "n/a"; else if (100*a/b < 10) printf "%.1f%%", 100*a/b; else printf "%.0f%%", 100*a/b }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a=="nan" || b=="nan" || b==0) print "n/a"; else printf "%.2f", a/b }'; }
sec() { awk -v v="$1" 'BEGIN{ if (v=="nan" || v=="") print "n/a"; else printf "%.2f s", v/1000 }'; }

# goal 1: every GET at every concurrency at or above half the ceiling
G1_MIN=""; G1_WHERE=""
for c in "${CONCURRENCY[@]}"; do
  ceil="$(field "health-c$c" 0)"
  for m in get_sa get_rg; do
    s="$(awk -v a="$(field "$m-c$c" 0)" -v b="$ceil" 'BEGIN{ if (a=="nan"||b=="nan"||b==0) print 0; else print a/b }')"
    if [ -z "$G1_MIN" ] || awk -v s="$s" -v m="$G1_MIN" 'BEGIN{exit !(s<m)}'; then G1_MIN="$s"; G1_WHERE="${LABEL[$m]} at concurrency $c"; fi
  done
done
G1_OK="$(awk -v s="$G1_MIN" 'BEGIN{print (s>=0.5) ? "met" : "not met"}')"
# goal 2: p50 of every list page at BIG within 2x of SMALL
G2_MAX=0; G2_WHERE=""
for r in "${LIST_ROWS[@]}"; do
  q="$(awk -v a="$(field "$r-$BIG" 1)" -v b="$(field "$r-$SMALL" 1)" 'BEGIN{ if (a=="nan"||b=="nan"||b==0) print 999; else print a/b }')"
  if awk -v q="$q" -v m="$G2_MAX" 'BEGIN{exit !(q>m)}'; then G2_MAX="$q"; G2_WHERE="${LIST_LABEL[$r]}"; fi
done
G2_OK="$(awk -v q="$G2_MAX" 'BEGIN{print (q<=2) ? "met" : "not met"}')"
G3_OK="$(awk -v v="$MED_API" 'BEGIN{print (v!="nan" && v<5000) ? "met" : "not met"}')"
G4_OK="$(awk -v v="$RSS_KB" 'BEGIN{print (v>0 && v<400*1024) ? "met" : "not met"}')"
human() { awk -v n="$1" 'BEGIN{ if (n>=1000000 && n%1000000==0) printf "%dM", n/1000000; else if (n>=1000 && n%1000==0) printf "%dk", n/1000; else printf "%d", n }'; }
HS="$(human "$SMALL")"; HB="$(human "$BIG")"

CPU="$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)"
JAVA_VERSION="$("$JAVA" -version 2>&1 | head -1)"
JAVA_RUNTIME="$("$JAVA" -version 2>&1 | sed -n 2p)"
ERRORS_TOTAL=0
EMPTY_RUNS=0
for k in "${!RES[@]}"; do
  case "$k" in warm*) continue ;; esac
  [ "$(field "$k" 5)" = 0 ] && EMPTY_RUNS=$(( EMPTY_RUNS + 1 ))
  for f in 3 4; do v="$(field "$k" $f)"; [ "$v" = nan ] || ERRORS_TOTAL=$(( ERRORS_TOTAL + v )); done
done
CMD="bench/run.sh"
[ -n "${BENCH_DURATION:-}" ] && CMD="BENCH_DURATION=$DURATION $CMD"
[ -n "${BENCH_BIG:-}" ] && CMD="BENCH_BIG=$BIG $CMD"

{
  echo "# Benchmarks"
  echo
  echo "Written by \`bench/run.sh\` — do not edit by hand; run it again. Measured $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo
  if [ -f "$ROOT/docs/benchmarks-containers.md" ]; then
    echo "Container groups, PUT to Succeeded and running (\`bench/aci.sh\`, [benchmarks-containers.md](benchmarks-containers.md)):"
    echo "$(grep -m1 '^Goal:' "$ROOT/docs/benchmarks-containers.md")"
    echo
  fi
  if [ -f "$ROOT/docs/benchmarks-blob.md" ]; then
    echo "Blob endpoint against Azurite, same client (\`bench/blob.sh\`, [benchmarks-blob.md](benchmarks-blob.md)):"
    echo "$(grep -m1 '^Goal:' "$ROOT/docs/benchmarks-blob.md")"
    echo
  fi
  if [ -f "$ROOT/docs/benchmarks-compute.md" ]; then
    echo "Virtual machines, PUT to Succeeded and running (\`bench/vm-boot.sh\`, [benchmarks-compute.md](benchmarks-compute.md)):"
    echo "$(grep -m1 '^Goal:' "$ROOT/docs/benchmarks-compute.md")"
    echo
  fi
  if [ -f "$ROOT/docs/benchmarks-network.md" ]; then
    echo "Virtual networks, security-rule change to kernel (\`bench/network.sh\`, [benchmarks-network.md](benchmarks-network.md)):"
    echo "$(grep -m1 '^Goal:' "$ROOT/docs/benchmarks-network.md")"
    echo
  fi
  echo "Command: \`$CMD\` (wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'), ${DURATION} s per measurement after a ${WARMUP} s warm-up per request;"
  echo "the script starts its own appliance on port $PORT with its embedded defaults — HTTPS, embedded PostgreSQL 14, Keycloak —"
  echo "and stops it at the end). Load average of the machine: $LOAD_BEFORE before, $LOAD_AFTER after."
  echo
  echo "## Machine"
  echo
  echo "| | |"
  echo "|---|---|"
  echo "| CPUs (\`nproc\`) | $(nproc) |"
  echo "| CPU | ${CPU:-unknown} |"
  echo "| Memory (\`free -g\`, total / available) | $(free -g | awk '/^Mem:/{print $2 " GB / " $7 " GB"}') |"
  echo "| Kernel | $(uname -sr) |"
  echo "| Java | $JAVA_VERSION ($JAVA_RUNTIME) |"
  echo
  echo "wrk, the server, PostgreSQL and Keycloak share these CPUs, so the numbers are what one box does end to end."
  echo
  echo "## Goals"
  echo
  echo "- **${G1_OK}** — a GET at or above half the ceiling's throughput: lowest share $(awk -v s="$G1_MIN" 'BEGIN{printf "%.0f%%", 100*s}') (${G1_WHERE})."
  echo "- **${G2_OK}** — a list page at $HB resources within 2x of $HS: highest p50 ratio $(awk -v q="$G2_MAX" 'BEGIN{printf "%.2f", q}') (${G2_WHERE})."
  echo "- **${G3_OK}** — start to ready under 5 s, Keycloak aside: median $(sec "$MED_API") to the first authenticated 200 with a token issued before the restart ($(sec "$MED_HTTP") to \`/healthz\`)."
  echo "- **${G4_OK}** — RSS under 400 MB: $(( RSS_KB / 1024 )) MB after the load runs."
  echo
  echo "## 1. Throughput and latency"
  echo
  echo "wrk \`-t min(c,2) -c c -d ${DURATION}s --latency\`, a bearer token from the appliance's token endpoint on every request but \`/healthz\`."
  echo "\"Share of ceiling\" divides a row's throughput by that of \`GET /healthz\` at the same concurrency."
  echo "The list page runs with $TOTAL_SMALL resources in the subscription."
  echo
  echo "| Concurrency | Request | req/s | p50 ms | p99 ms | Share of ceiling | Errors |"
  echo "|---:|---|---:|---:|---:|---:|---:|"
  for c in "${CONCURRENCY[@]}"; do
    ceil="$(field "health-c$c" 0)"
    for m in "${MIX[@]}"; do
      k="$m-c$c"
      err=$(( $(num0 "$(field "$k" 3)" | sed 's#n/a#0#') + $(num0 "$(field "$k" 4)" | sed 's#n/a#0#') ))
      [ "$(field "$k" 5)" = 0 ] && err="$err (none completed)"
      echo "| $c | ${LABEL[$m]} | $(num0 "$(field "$k" 0)") | $(ms "$(field "$k" 1)") | $(ms "$(field "$k" 2)") | $(share "$(field "$k" 0)" "$ceil") | $err |"
    done
  done
  echo
  echo "Requests: \`GET /healthz\`; \`GET .../resourceGroups/bench/providers/Microsoft.Storage/storageAccounts/$ACCOUNT?api-version=2022-09-01\`;"
  echo "\`GET /subscriptions/{s}/resourcegroups/bench?api-version=2021-04-01\`; \`PUT /subscriptions/{s}/resourcegroups/bench-put?api-version=2021-04-01\`"
  echo "with \`{\"location\":\"local\",\"tags\":{\"k\":\"v\"}}\` (the group exists, so every PUT is a synchronous update answering 200; all connections"
  echo "write the same row); \`GET /subscriptions/{s}/resources?api-version=2021-04-01&\$top=100\`. Errors = non-2xx answers + socket errors and timeouts (30 s)."
  echo
  echo "## 2. List page: $HS vs $HB stored resources"
  echo
  echo "Concurrency 1, ${DURATION} s each, \`\$top=100\`. Resource group \`bench-big\` holds $HS and then $HB storage-account rows"
  echo "(subscription totals $TOTAL_SMALL and $TOTAL_BIG resources). The rows were inserted straight into PostgreSQL with one"
  echo "\`INSERT ... SELECT generate_series\` each, copying the spec of an account created through the API, then \`ANALYZE\`."
  echo "The deep page starts after the middle row of \`bench-big\` (\`\$skipToken\` = base64url of that lower-cased id, as \`nextLink\` carries it)."
  echo
  echo "| List page | p50 ms at $HS | p50 ms at $HB | p50 ratio | p99 ms at $HS | p99 ms at $HB | p99 ratio | req/s at $HS | req/s at $HB |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for r in "${LIST_ROWS[@]}"; do
    a="$r-$SMALL"; b="$r-$BIG"
    echo "| ${LIST_LABEL[$r]} | $(ms "$(field "$a" 1)") | $(ms "$(field "$b" 1)") | $(ratio "$(field "$b" 1)" "$(field "$a" 1)") | $(ms "$(field "$a" 2)") | $(ms "$(field "$b" 2)") | $(ratio "$(field "$b" 2)" "$(field "$a" 2)") | $(num0 "$(field "$a" 0)") | $(num0 "$(field "$b" 0)") |"
  done
  echo
  echo "Also measured: \`DELETE\` of one storage account row of \`bench-big\` through the API (synchronous, 200; median of 5, curl"
  echo "\`time_total\` including its TLS handshake): $(ms "${DEL_MS[$SMALL]}") ms at $HS, $(ms "${DEL_MS[$BIG]}") ms at $HB (ratio $(ratio "${DEL_MS[$BIG]}" "${DEL_MS[$SMALL]}"))."
  echo
  echo "Inserting $(( BIG - SMALL )) rows took $(sec "$INSERT_MS") ($(awk -v n=$(( BIG - SMALL )) -v t="$INSERT_MS" 'BEGIN{printf "%.0f", n/(t/1000)}') rows/s), \`ANALYZE\` $(sec "$ANALYZE_MS");"
  echo "the \`resource\` table with its indexes then took $TABLE_SIZE. Deleting them again and \`VACUUM FULL ANALYZE\` (so that re-runs start from the same table): $(sec "$DELETE_MS")."
  echo
  echo "<details><summary>Query plans at $HB rows (the statements Hibernate issues, with literal values; EXPLAIN ANALYZE)</summary>"
  echo
  echo '```'
  grep -vE '^ *QUERY PLAN *$|^-+$|^\([0-9]+ rows?\)$|^ *$' "$LOGS/explain-$BIG.txt" || true
  echo '```'
  echo
  echo "</details>"
  echo
  echo "## 3. Start to ready, and memory"
  echo
  echo "Restarts of the appliance with its existing data (the java command line \`./strato up\` runs, started directly so that"
  echo "the launcher's build check is not timed). Times from process start to: the first 200 on \`GET /healthz\` (HTTP ready); the first"
  echo "200 on \`GET /subscriptions?api-version=2016-06-01\` with a token issued before the restart (API ready — the server validates it"
  echo "with the keys it kept, so this does not wait for Keycloak); a fresh token from the token endpoint and a 200 with it (fully ready,"
  echo "Keycloak included). Polled every 50 ms (200 ms for the fresh token)."
  echo
  echo "| Restart | PostgreSQL ready | Flyway done | Quarkus started | HTTP ready | API ready | Fully ready (Keycloak) |"
  echo "|---:|---:|---:|---:|---:|---:|---:|"
  for i in $(seq 0 $(( RESTARTS - 1 ))); do
    echo "| $(( i + 1 )) | $(sec "${R_PG[$i]}") | $(sec "${R_FLYWAY[$i]}") | $(sec "${R_QUARKUS[$i]}") | $(sec "${R_HTTP[$i]}") | $(sec "${R_API[$i]}") | $(sec "${R_FULL[$i]}") |"
  done
  echo "| **median** | $(sec "$MED_PG") | $(sec "$MED_FLYWAY") | $(sec "$MED_QUARKUS") | **$(sec "$MED_HTTP")** | **$(sec "$MED_API")** | **$(sec "$MED_FULL")** |"
  echo
  echo "The first three columns come from the server log's own timestamps (\"embedded PostgreSQL ready\", Flyway's"
  echo "\"up to date\", Quarkus' \"started in ... Listening on\"), also counted from process start."
  echo
  echo "Memory of the server's java process after the load runs above (before the restarts), \`ps -o rss\`: **$(( RSS_KB / 1024 )) MB**"
  echo "(peak \`VmHWM\` $(( HWM_KB / 1024 )) MB). Java heap at that moment (\`jcmd GC.heap_info\`): ${HEAP_COMMITTED_MB:-?} MB committed, ${HEAP_USED_MB:-?} MB used, maximum"
  if [ -n "${STRATO_JAVA_OPTS:-}" ]; then
    echo "${HEAP_MAX_MB:-?} MB (${GC_NAME:-?} GC; JVM options from STRATO_JAVA_OPTS: \`$STRATO_JAVA_OPTS\`)."
  else
    echo "${HEAP_MAX_MB:-?} MB (${GC_NAME:-?} GC; the launcher sets no heap size, so the JVM's default of a quarter of RAM applies)."
  fi
  echo "Not counted: the Keycloak JVM, $(( KC_RSS_KB / 1024 )) MB, and the PostgreSQL processes."
  echo
  if [ "$ERRORS_TOTAL" -gt 0 ]; then
    echo "**Warning:** $ERRORS_TOTAL requests failed (non-2xx or socket errors) during the measurements; see the Errors column and the raw wrk output."
    echo
  fi
  if [ "$EMPTY_RUNS" -gt 0 ]; then
    echo "**Warning:** in $EMPTY_RUNS measurement(s) not one request completed within the ${DURATION} s (a saturated machine, or too short a"
    echo "BENCH_DURATION); their latencies show as n/a and their share as 0."
    echo
  fi
  echo "Raw wrk output, query plans and server logs of this run: \`$LOGS\`."
} >"$OUT"
say "wrote $OUT"
