#!/usr/bin/env bash
# Time from PUT virtualMachines to "Succeeded and running" for the tiny image, N times in a row, against a running
# appliance: the clock starts before the PUT and stops at the first GET that shows provisioningState Succeeded
# (the guest has printed its ready marker on the serial console) and PowerState/running. Each VM is deleted after.
# usage: bench/vm-boot.sh DATA [N]      prints one line per run and the median/min/max
set -euo pipefail
DATA="$1"; N="${2:-5}"
set -a; . "$DATA/bootstrap.env"; set +a
ARM="${ARM_ENDPOINT%/}"; CURL=(curl -sS --cacert "$CA_BUNDLE")
js() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }
AUD=$("${CURL[@]}" "$ARM/metadata/endpoints?api-version=2015-01-01" | js 'd["authentication"]["audiences"][0]')
TOKEN=$("${CURL[@]}" --data-urlencode grant_type=client_credentials --data-urlencode "client_id=$CLIENT_ID" \
  --data-urlencode "client_secret=$CLIENT_SECRET" --data-urlencode "scope=$AUD/.default" "$ARM/adfs/oauth2/token" | js 'd["access_token"]')
H=(-H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json")
RG="$ARM/subscriptions/$SUBSCRIPTION_ID/resourcegroups/rg-vm-bench"
V="api-version=2022-11-01"
"${CURL[@]}" -X PUT "${H[@]}" "$RG?api-version=2021-04-01" -d '{"location":"local"}' -o /dev/null
KEY="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ6k0U3n0Qz2benchbenchbenchbenchbenchbench bench"
times=()
for i in $(seq 1 "$N"); do
  VM="$RG/providers/Microsoft.Compute/virtualMachines/bench$i"
  body='{"location":"local","properties":{"hardwareProfile":{"vmSize":"Standard_B1s"},
    "storageProfile":{"imageReference":{"publisher":"Strato","offer":"tiny-linux","sku":"busybox","version":"latest"}},
    "osProfile":{"computerName":"bench'$i'","adminUsername":"azureuser","linuxConfiguration":{"disablePasswordAuthentication":true,
      "ssh":{"publicKeys":[{"path":"/home/azureuser/.ssh/authorized_keys","keyData":"'"$KEY"'"}]}}}}}'
  t0=$(date +%s.%N)
  "${CURL[@]}" -X PUT "${H[@]}" "$VM?$V" -d "$body" -o /dev/null
  while :; do
    r=$("${CURL[@]}" "${H[@]}" "$VM?$V&%24expand=instanceView" | js 'd["properties"]["provisioningState"]+" "+" ".join(s["code"] for s in d["properties"].get("instanceView",{}).get("statuses",[]))')
    case "$r" in Succeeded*PowerState/running*) break ;; Failed*) echo "run $i failed"; exit 1 ;; esac
    sleep 0.1
  done
  t=$(echo "$(date +%s.%N) - $t0" | bc)
  times+=("$t"); printf 'run %d: %.2f s\n' "$i" "$t"
  "${CURL[@]}" -X DELETE "${H[@]}" "$VM?$V" -o /dev/null
done
"${CURL[@]}" -X DELETE "${H[@]}" "$RG?api-version=2021-04-01" -o /dev/null
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "PUT -> Succeeded and running: median %.2f s, min %.2f s, max %.2f s, n=%d\n", m, a[1], a[NR], NR}'
