#!/usr/bin/env bash
# Time from PUT virtualMachines to "Succeeded and running" for the tiny image, N times in a row, against a running
# appliance: the clock starts before the PUT and stops at the first GET that shows provisioningState Succeeded
# (the guest has printed its ready marker on the serial console) and PowerState/running. Each VM is deleted after.
# usage: bench/vm-boot.sh DATA [N]      prints one line per run and writes docs/benchmarks-compute.md
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$1"; N="${2:-5}"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
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
read -r MEDIAN MIN MAX < <(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f %.2f %.2f\n", m, a[1], a[NR]}')
echo "PUT -> Succeeded and running: median $MEDIAN s, min $MIN s, max $MAX s, n=$N"
ACCEL=$([ -e /sys/module/kvm_pvm ] && echo "TCG (this host's /dev/kvm is PVM, which cannot boot a stock kernel)" || echo "as chosen by strato.compute.accelerator=auto")
GOAL=$(echo "$MEDIAN < 10" | bc)
{
  echo "# Virtual machine start latency"
  echo
  echo "Written by \`bench/vm-boot.sh\` — do not edit by hand; run it again. Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) CPUs"
  echo "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | awk '{print $1, $2}')), kernel $(uname -r), load average before the runs: $LOAD_BEFORE."
  echo
  echo "Command: \`bench/vm-boot.sh DATA $N\` against an appliance on its embedded defaults with the \`qemu\` driver; accelerator: $ACCEL."
  echo "Each run: \`PUT\` a \`Standard_B1s\` VM (1 vCPU, 1 GiB) from \`Strato:tiny-linux:busybox:latest\` with an SSH key, then \`GET\`"
  echo "\`?\$expand=instanceView\` every 100 ms until \`provisioningState\` is \`Succeeded\` (the guest has read its NoCloud seed and printed"
  echo "its ready marker on the serial console) and the instance view says \`PowerState/running\`. Time from sending the PUT to that GET."
  echo
  echo "| | median | min | max |"
  echo "|---|---:|---:|---:|"
  echo "| **PUT to Succeeded and running** (tiny image, TCG) | **$MEDIAN s** | $MIN s | $MAX s |"
  echo
  echo "Runs: ${times[*]} (s)."
  echo
  if [ "$GOAL" = 1 ]; then echo "Goal: a tiny VM running in under 10 s — **met** (median $MEDIAN s)."; else echo "Goal: a tiny VM running in under 10 s — **not met** (median $MEDIAN s)."; fi
  echo
  echo "Where the time goes (serial log of one boot): the Debian kernel under TCG takes most of it to reach init; the"
  echo "init's steps (modules, seed, network, user, customData) take about 2 s more. The machine is shared with other"
  echo "builds, so the load average above matters: the same boot measured 4.9 s to init on a quieter machine"
  echo "(\`shared/infra/LOCAL-INFRA.md\`, vmlinux/PVH under TCG)."
  echo
  echo "For comparison, figures people report for public clouds (not measured here): a benchmark of ~5,000 Google Cloud"
  echo "VMs measured about 23-25 s from request to SSH for VMs up to 32 vCPUs, and quotes the rule of thumb that cloud VMs"
  echo "boot in 1 to 2 minutes (Robert Aboukhalil, \"Move Fast and Break the Cloud\", 2018); Mao and Humphrey measured VM"
  echo "startup times on EC2, Windows Azure and Rackspace (\"A Performance Study on the VM Startup Time in the Cloud\", IEEE"
  echo "Cloud 2012). A VM on public Azure is a full distribution image with its provisioning agent, so these are not"
  echo "like-for-like: the tiny image here is a busybox initramfs."
} >"$ROOT/docs/benchmarks-compute.md"
