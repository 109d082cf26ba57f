#!/usr/bin/env bash
# Virtual-network realization through the ARM API of a running appliance (linux network driver, as root):
#   1. PUT a virtual network with 10 subnets (all using one security group), then 100 network interfaces, one after
#      the other; each PUT returns once the host matches (bridge, router namespace, nftables).
#   2. RUNS times: PUT a changed security rule and poll `nft list table inet s<tag>` every 5 ms until the kernel
#      holds it: the latency from the API to the kernel.
#
#   DATA=appliance-data-folder [RUNS=20] [OUT=docs/benchmarks-network.md] bench/network.sh
# Needs jq, curl, nft. Deletes its resource group at the end; writes OUT.
set -euo pipefail
DATA="${DATA:?the appliance data folder (with bootstrap.env)}"
RUNS="${RUNS:-20}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${OUT:-$ROOT/docs/benchmarks-network.md}"
set -a; . "$DATA/bootstrap.env"; set +a
ARM="${ARM_ENDPOINT%/}"
CURL=(curl -sS --cacert "$CA_BUNDLE" --max-time 120)
AUD=$("${CURL[@]}" "$ARM/metadata/endpoints?api-version=2015-01-01" | jq -r '.authentication.audiences[0]')
TOKEN=$("${CURL[@]}" --data-urlencode grant_type=client_credentials --data-urlencode "client_id=$CLIENT_ID" \
    --data-urlencode "client_secret=$CLIENT_SECRET" --data-urlencode "scope=$AUD/.default" "$ARM/adfs/oauth2/token" | jq -r .access_token)
H=(-H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json")
# the appliance's host objects carry s + the first six hex digits of its id (the audience ends with the id)
TAG="s$(basename "$AUD" | tr -d - | cut -c1-6)"
RG="bench-net-$(date +%s)"
V="api-version=2022-01-01"
NET="$ARM/subscriptions/$SUBSCRIPTION_ID/resourceGroups/$RG/providers/Microsoft.Network"
NETID="/subscriptions/$SUBSCRIPTION_ID/resourceGroups/$RG/providers/Microsoft.Network"
now_ms() { date +%s%3N; }
put() { # url body -> fails unless 200/201
  local code; code=$("${CURL[@]}" "${H[@]}" -o /tmp/bench-net-out.json -w '%{http_code}' -X PUT -d "$2" "$1")
  case "$code" in 200|201) ;; *) echo "PUT $1 -> $code $(cat /tmp/bench-net-out.json)" >&2; exit 1;; esac
}
rule() { echo "{\"properties\":{\"priority\":100,\"direction\":\"Inbound\",\"access\":\"Allow\",\"protocol\":\"Tcp\",\"sourceAddressPrefix\":\"*\",\"sourcePortRange\":\"*\",\"destinationAddressPrefix\":\"*\",\"destinationPortRange\":\"$1\"}}"; }
"${CURL[@]}" "${H[@]}" -X PUT -d "{\"location\":\"$LOCATION\"}" "$ARM/subscriptions/$SUBSCRIPTION_ID/resourcegroups/$RG?api-version=2021-04-01" >/dev/null
put "$NET/networkSecurityGroups/nsg?$V" "{\"location\":\"$LOCATION\"}"
subnets=""
for s in $(seq 0 9); do
  subnets="$subnets${subnets:+,}{\"name\":\"s$s\",\"properties\":{\"addressPrefix\":\"10.91.$s.0/24\",\"networkSecurityGroup\":{\"id\":\"$NETID/networkSecurityGroups/nsg\"}}}"
done
LOAD=$(cut -d" " -f1-3 /proc/loadavg)
t0=$(now_ms)
put "$NET/virtualNetworks/vnet?$V" "{\"location\":\"$LOCATION\",\"properties\":{\"addressSpace\":{\"addressPrefixes\":[\"10.91.0.0/16\"]},\"subnets\":[$subnets]}}"
t1=$(now_ms)
for i in $(seq 0 99); do
  put "$NET/networkInterfaces/nic$i?$V" "{\"location\":\"$LOCATION\",\"properties\":{\"ipConfigurations\":[{\"name\":\"ip\",\"properties\":{\"subnet\":{\"id\":\"$NETID/virtualNetworks/vnet/subnets/s$((i % 10))\"}}}]}}"
done
t2=$(now_ms)
lat=()
for i in $(seq 1 "$RUNS"); do
  port=$((3000 + i))
  s=$(now_ms)
  put "$NET/networkSecurityGroups/nsg/securityRules/r?$V" "$(rule $port)"
  until nft list table inet "$TAG" 2>/dev/null | grep -q "dport $port "; do sleep 0.005; done
  lat+=($(( $(now_ms) - s )))
done
sorted=($(printf '%s\n' "${lat[@]}" | sort -n))
n=${#sorted[@]}
MEDIAN=${sorted[$((n / 2))]}
GOAL=$([ "$MEDIAN" -lt 1000 ] && echo met || echo "not met")
cat >"$OUT" <<MD
# Benchmarks: virtual networks

Written by \`bench/network.sh\` — do not edit by hand; run it again. Measured $(date -u '+%Y-%m-%d %H:%M') UTC.

Goal: a security-rule change reaches the kernel in under 1 s — **$GOAL** (median $MEDIAN ms).

Command: \`DATA=<data folder of a running appliance> RUNS=$RUNS bench/network.sh\` against an appliance started with
\`./strato up\` (embedded PostgreSQL and Keycloak, \`strato.network.driver=linux\`, as root). Each PUT returns once the host
matches the stored topology, so its duration is the time from the API to the kernel. Machine: $(nproc) cores
($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GB, $(uname -r); load average before: $LOAD
(the appliance, curl and nft share these CPUs).

| What | Time |
|---|---:|
| PUT a virtual network with 10 subnets (bridge, router namespace, 10 gateways) | $((t1 - t0)) ms |
| PUT 100 network interfaces one after the other (10 per subnet, all under one security group) | $((t2 - t1)) ms ($(( (t2 - t1) / 100 )) ms each) |
| Security-rule PUT until \`nft list table inet $TAG\` holds it, $n runs, with the 100 interfaces filtered | median **$MEDIAN ms**, p90 ${sorted[$((n * 9 / 10))]} ms, max ${sorted[$((n - 1))]} ms |

The driver alone (no HTTP, no database: the provider over an in-memory store, \`NetworkRealizationBenchmark\`, run with
\`mvn -pl resource-providers/network test -Dtest=NetworkRealizationBenchmark -Dbench.network=true\` as root) also plugs
each of the 100 interfaces into its own namespace (a veth, address, route); see the test's output line \`BENCH\`.
MD
cat "$OUT"
"${CURL[@]}" "${H[@]}" -X DELETE "$ARM/subscriptions/$SUBSCRIPTION_ID/resourcegroups/$RG?api-version=2021-04-01" >/dev/null
