#!/usr/bin/env bash
# Blob endpoint benchmark, side by side with Azurite (Microsoft's emulator, npm package `azurite`), same client:
# PUT and GET of 1 KiB and 4 MiB blobs at concurrency 1 and 32 with @azure/storage-blob and Shared Key, both over
# HTTPS with the same certificate, both persisting to disk. Writes docs/benchmarks-blob.md.
#
#   bench/blob.sh
#
# Environment (all optional):
#   BENCH_BOOTSTRAP  bootstrap.env of a running appliance to use; unset: start one here (./strato up)
#   BENCH_PORT       HTTPS port of the appliance started here (18743; its Blob endpoint is the next port)
#   BENCH_DATA       its data folder (/tmp/benchdata/blob)
#   AZURITE_PORT     Azurite's Blob port (18750)
#   BENCH_DURATION   seconds per row (10)      BENCH_WARMUP  seconds of warm-up per row (3)
#   BENCH_OUT        the markdown written (docs/benchmarks-blob.md)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
[ -n "${JAVA_HOME:-}" ] && export PATH="$JAVA_HOME/bin:$PATH"
PORT="${BENCH_PORT:-18743}"
DATA="${BENCH_DATA:-/tmp/benchdata/blob}"
AZ_PORT="${AZURITE_PORT:-18750}"
DURATION="${BENCH_DURATION:-10}"
WARMUP="${BENCH_WARMUP:-3}"
OUT="${BENCH_OUT:-$ROOT/docs/benchmarks-blob.md}"
HERE="$ROOT/bench/blob"
LOGS="$DATA/bench-logs/$(date -u +%Y%m%dT%H%M%S)"
mkdir -p "$LOGS"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

[ -d "$HERE/node_modules" ] || (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)

BOOT="${BENCH_BOOTSTRAP:-}"
if [ -z "$BOOT" ]; then
  "$ROOT/strato" up --data "$DATA" --port "$PORT" >"$LOGS/server.log" 2>&1 &
  PIDS+=($!)
  BOOT="$DATA/bootstrap.env"
fi
set -a; for _ in $(seq 1 600); do [ -f "$BOOT" ] && break; sleep 1; done; . "$BOOT"; set +a
CA="$(dirname "$BOOT")/tls/ca.pem"; TLS="$(dirname "$BOOT")/tls"
ARM="${ARM_ENDPOINT%/}"
token() {
  local aud; aud=$(curl -fsS --cacert "$CA" "$ARM/metadata/endpoints?api-version=2015-01-01" | python3 -c 'import json,sys; print(json.load(sys.stdin)["authentication"]["audiences"][0])')
  curl -fsS --cacert "$CA" --data-urlencode grant_type=client_credentials --data-urlencode "client_id=$CLIENT_ID" \
    --data-urlencode "client_secret=$CLIENT_SECRET" --data-urlencode "resource=$aud" "$ARM/adfs/oauth2/token" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
TOKEN=""
for _ in $(seq 1 300); do TOKEN=$(token 2>/dev/null) && [ -n "$TOKEN" ] && break; sleep 1; done
arm() { curl -sS --cacert "$CA" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -X "$1" "$ARM$2" ${3:+-d "$3"}; }
ACCOUNT=stratobenchblob
SAP="/subscriptions/$SUBSCRIPTION_ID/resourceGroups/bench-blob/providers/Microsoft.Storage/storageAccounts/$ACCOUNT?api-version=2022-09-01"
arm PUT "/subscriptions/$SUBSCRIPTION_ID/resourcegroups/bench-blob?api-version=2021-04-01" '{"location":"local"}' >/dev/null
arm PUT "$SAP" '{"sku":{"name":"Standard_LRS"},"kind":"StorageV2","location":"local"}' >/dev/null
for _ in $(seq 1 120); do
  BLOB=$(arm GET "$SAP" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["properties"]["primaryEndpoints"]["blob"] if d.get("properties",{}).get("provisioningState")=="Succeeded" else "")')
  [ -n "$BLOB" ] && break; sleep 0.5
done
KEY=$(arm POST "${SAP/\?/\/listKeys?}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["keys"][0]["value"])')
BLOB_PORT=$(python3 -c "import urllib.parse,sys; print(urllib.parse.urlparse('$BLOB').port)")

rm -rf "$DATA/azurite"; mkdir -p "$DATA/azurite"
"$HERE/node_modules/.bin/azurite-blob" --blobHost 127.0.0.1 --blobPort "$AZ_PORT" --location "$DATA/azurite" \
  --cert "$TLS/server.pem" --key "$TLS/server-key.pem" --skipApiVersionCheck --disableProductStyleUrl --silent >"$LOGS/azurite.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 60); do curl -s --cacert "$CA" -o /dev/null "https://127.0.0.1:$AZ_PORT/devstoreaccount1?comp=list" && break; sleep 0.5; done
# Azurite's documented development account and key
AZ_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
TARGETS=$(python3 -c "import json; print(json.dumps([
  {'name':'Strato','endpoint':'https://127.0.0.1:$BLOB_PORT/$ACCOUNT','account':'$ACCOUNT','key':'$KEY'},
  {'name':'Azurite','endpoint':'https://127.0.0.1:$AZ_PORT/devstoreaccount1','account':'devstoreaccount1','key':'$AZ_KEY'}]))")
(cd "$HERE" && TARGETS="$TARGETS" DURATION="$DURATION" WARMUP="$WARMUP" NODE_EXTRA_CA_CERTS="$CA" node bench.cjs) | tee "$LOGS/results.jsonl"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$LOGS/results.jsonl" "$OUT" "$DURATION" "$WARMUP" "$LOAD_BEFORE" "$LOAD_AFTER" "$(node --version)" \
  "$("$HERE/node_modules/.bin/azurite-blob" --version 2>/dev/null || echo 3.37.0)" "$(java -version 2>&1 | head -1)" <<'PY'
import json, sys, datetime, subprocess
res, out, dur, warm, lb, la, node, azv, java = sys.argv[1:]
rows = [json.loads(l) for l in open(res) if l.strip()]
by = {(r["target"], r["op"], r["size"], r["concurrency"]): r for r in rows}
def size(s): return "1 KiB" if s == 1024 else f"{s // 1048576} MiB"
lines = ["# Blob endpoint benchmark: Strato and Azurite", "",
 f"Written by `bench/blob.sh` — do not edit by hand; run it again. Measured {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC.", ""]
verdicts, table = [], []
for s in sorted({r["size"] for r in rows}):
    for c in sorted({r["concurrency"] for r in rows}):
        for op in ["PUT", "GET"]:
            st, az = by.get(("Strato", op, s, c)), by.get(("Azurite", op, s, c))
            if not st or not az: continue
            ratio = st["ops"] / az["ops"] if az["ops"] else float("inf")
            table.append(f"| {op} | {size(s)} | {c} | {st['ops']:.0f} | {st['p50']:.1f} | {st['p99']:.1f} | {st['errors']} | {az['ops']:.0f} | {az['p50']:.1f} | {az['p99']:.1f} | {az['errors']} | {ratio:.2f}x |")
            verdicts.append((op, s, c, ratio))
matched = [v for v in verdicts if v[3] >= 1.0]
big = [v for v in verdicts if v[1] >= 4194304]
lines.append("Goal: Strato at least matches Azurite on every row and beats it on 4 MiB blobs — "
    + ("**met**" if len(matched) == len(verdicts) and all(v[3] > 1.0 for v in big) else "**not met**")
    + f": Strato is ahead on {len(matched)} of {len(verdicts)} rows"
    + (f", and on {sum(1 for v in big if v[3] > 1.0)} of {len(big)} 4 MiB rows." if big else "."))
lines += ["", "Command: `bench/blob.sh` (the script starts the appliance with `./strato up` and Azurite from npm, creates one storage",
 f"account, then runs one Node.js client, `bench/blob/bench.cjs`, against both). {dur} s per row after a {warm} s warm-up;",
 "64 blobs per size, written first; PUT overwrites them (Put Blob), GET reads them whole (Get Blob); rows alternate between",
 "the two servers so a change of load hits both. Both servers speak",
 "HTTPS with the appliance's certificate and persist to disk: Strato answers a PUT once it is on disk — a blob of up to",
 "64 KiB in its PostgreSQL row with its metadata, one commit with the WAL forced; a larger one in a file forced to disk,",
 "then its metadata committed the same way; Azurite (default settings, `--skipApiVersionCheck`) appends to its extent",
 "files and keeps metadata in LokiJS, answering before anything is forced to disk.",
 f"Client: @azure/storage-blob 12.34.0 on Node.js {node}, Shared Key, no retries. Azurite {azv}. Server: {java}.",
 f"Load average before: {lb}; after: {la}.", "", "## Machine", "", "| | |", "|---|---|",
 f"| CPUs (`nproc`) | {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} |",
 "| Memory (`free -g`, total) | " + subprocess.run(['bash', '-c', "free -g | awk '/Mem/{print $2}'"], capture_output=True, text=True).stdout.strip() + " GB |",
 f"| Kernel | {subprocess.run(['uname','-r'], capture_output=True, text=True).stdout.strip()} |", "",
 "Client, both servers, PostgreSQL and Keycloak share these CPUs.", "",
 "## Results", "",
 "| Op | Size | Concurrency | Strato ops/s | p50 ms | p99 ms | errors | Azurite ops/s | p50 ms | p99 ms | errors | Strato / Azurite |",
 "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"] + table + [""]
open(out, "w").write("\n".join(lines))
PY
echo "wrote $OUT"
