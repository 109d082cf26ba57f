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
# One client process with one kept-alive HTTPS connection does the runs: a new curl, TLS handshake and python per
# poll would take CPU from the guest being measured (TCG needs a whole core).
mapfile -t rows < <(python3 - "$ARM" "$SUBSCRIPTION_ID" "$TOKEN" "$CA_BUNDLE" "$N" "$KEY" <<'PY'
import http.client, json, ssl, sys, time, urllib.parse
arm, sub, token, ca, n, key = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6]
u = urllib.parse.urlsplit(arm)
conn = http.client.HTTPSConnection(u.hostname, u.port, context=ssl.create_default_context(cafile=ca))
h = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
def call(method, path, body=None):
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=h)
    r = conn.getresponse(); data = r.read()
    return r.status, (json.loads(data) if data else {})
for i in range(1, n + 1):
    vm = "/subscriptions/%s/resourcegroups/rg-vm-bench/providers/Microsoft.Compute/virtualMachines/bench%d" % (sub, i)
    body = {"location": "local", "properties": {"hardwareProfile": {"vmSize": "Standard_B1s"},
        "storageProfile": {"imageReference": {"publisher": "Strato", "offer": "tiny-linux", "sku": "busybox", "version": "latest"}},
        "osProfile": {"computerName": "bench%d" % i, "adminUsername": "azureuser", "linuxConfiguration": {"disablePasswordAuthentication": True,
            "ssh": {"publicKeys": [{"path": "/home/azureuser/.ssh/authorized_keys", "keyData": key}]}}}}}
    t0 = time.monotonic()
    call("PUT", vm + "?api-version=2022-11-01", body)
    while True:
        _, d = call("GET", vm + "?api-version=2022-11-01&%24expand=instanceView")
        state = d["properties"]["provisioningState"]
        codes = [s["code"] for s in d["properties"].get("instanceView", {}).get("statuses", [])]
        if state == "Succeeded" and "PowerState/running" in codes: break
        if state == "Failed": sys.exit("run %d failed: %s" % (i, json.dumps(d)))
        time.sleep(0.1)
    t = time.monotonic() - t0
    # the guest's own clock, from its serial log: kernel start -> init, and -> ready marker
    _, link = call("POST", vm + "/retrieveBootDiagnosticsData?api-version=2022-11-01", {})
    lu = urllib.parse.urlsplit(link["serialConsoleLogBlobUri"])
    conn.request("GET", lu.path + "?" + lu.query); log = conn.getresponse().read().decode("utf-8", "replace")
    up = lambda marker: next((l.split("uptime=")[1].split()[0] for l in log.splitlines() if l.startswith(marker) and "uptime=" in l), "?")
    print("%.3f %s %s" % (t, up("STRATO-BOOT"), up("STRATO-READY")), flush=True)
    print("run %d: %.2f s (guest: init at %s s, ready at %s s of its uptime)" % (i, t, up("STRATO-BOOT"), up("STRATO-READY")), file=sys.stderr, flush=True)
    call("DELETE", vm + "?api-version=2022-11-01")
    while call("GET", vm + "?api-version=2022-11-01")[0] != 404: time.sleep(0.2)
PY
)
[ "${#rows[@]}" = "$N" ] || { echo "the runs did not finish" >&2; exit 1; }
times=(); inits=(); readies=()
for r in "${rows[@]}"; do read -r t a b <<<"$r"; times+=("$t"); inits+=("$a"); readies+=("$b"); done
"${CURL[@]}" -X DELETE "${H[@]}" "$RG?api-version=2021-04-01" -o /dev/null
read -r MEDIAN MIN MAX < <(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f %.2f %.2f\n", m, a[1], a[NR]}')
median() { printf '%s\n' "$@" | grep -v '?' | sort -n | awk '{a[NR]=$1} END {if (NR==0) print "?"; else printf "%.2f\n", (NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2}'; }
INIT=$(median "${inits[@]}"); READY=$(median "${readies[@]}")
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
echo "PUT -> Succeeded and running: median $MEDIAN s, min $MIN s, max $MAX s, n=$N (guest uptime at init $INIT s, at ready $READY s)"
ACCEL=$([ -e /sys/module/kvm_pvm ] && echo "TCG (this host's /dev/kvm is PVM, which cannot boot a stock kernel)" || echo "as chosen by strato.compute.accelerator=auto")
GOAL=$(echo "$MEDIAN < 10" | bc)
{
  echo "# Virtual machine start latency"
  echo
  echo "Written by \`bench/vm-boot.sh\` — do not edit by hand; run it again. Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) CPUs"
  echo "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | awk '{print $1, $2}')), kernel $(uname -r). Load average before the runs: $LOAD_BEFORE;"
  echo "after: $LOAD_AFTER. The machine is shared with other builds: under TCG a guest needs a whole core, so the load matters."
  echo
  echo "Command: \`bench/vm-boot.sh DATA $N\` against an appliance on its embedded defaults with the \`qemu\` driver; accelerator: $ACCEL."
  echo "Each run: \`PUT\` a \`Standard_B1s\` VM (1 vCPU, 1 GiB) from \`Strato:tiny-linux:busybox:latest\` with an SSH key, then \`GET\`"
  echo "\`?\$expand=instanceView\` every 100 ms until \`provisioningState\` is \`Succeeded\` (the guest has read its NoCloud seed and printed"
  echo "its ready marker on the serial console) and the instance view says \`PowerState/running\`. Time from sending the PUT to that GET."
  echo "One client process with one kept-alive HTTPS connection polls, so the measuring takes little CPU from the guest."
  echo
  echo "| | median | min | max |"
  echo "|---|---:|---:|---:|"
  echo "| **PUT to Succeeded and running** (tiny image, TCG) | **$MEDIAN s** | $MIN s | $MAX s |"
  echo
  echo "Runs: ${times[*]} (s)."
  echo
  if [ "$GOAL" = 1 ]; then echo "Goal: a tiny VM running in under 10 s — **met** (median $MEDIAN s)."; else echo "Goal: a tiny VM running in under 10 s — **not met** (median $MEDIAN s)."; fi
  echo
  echo "Where the time goes, from each guest's serial log (its own uptime clock, medians): its kernel reached init at"
  echo "$INIT s and the ready marker came at $READY s (modules, seed, address, admin user, customData in between). The rest of"
  echo "the PUT-to-Succeeded time is the appliance (request, qcow2 overlay, seed image, QEMU start), the firmware and the"
  echo "kernel's first steps before its clock starts, and the polling (the reconciler every 250 ms, this client every 100 ms)."
  echo "What makes it short under TCG: the kernel is booted directly as an uncompressed ELF with a PVH entry (no"
  echo "decompression in emulation), its command line skips the crypto self-tests, timer and PS/2 probes, the watchdog and"
  echo "ACPI, the NIC has no option ROM, and a create that waits for its guest only reads the guest's state."
  echo
  echo "For comparison, figures people report for public clouds (not measured here): a benchmark of ~5,000 Google Cloud"
  echo "VMs measured about 23-25 s from request to SSH for VMs up to 32 vCPUs, and quotes the rule of thumb that cloud VMs"
  echo "boot in 1 to 2 minutes (Robert Aboukhalil, \"Move Fast and Break the Cloud\", 2018); Mao and Humphrey measured VM"
  echo "startup times on EC2, Windows Azure and Rackspace (\"A Performance Study on the VM Startup Time in the Cloud\", IEEE"
  echo "Cloud 2012). A VM on public Azure is a full distribution image with its provisioning agent, so these are not"
  echo "like-for-like: the tiny image here is a busybox initramfs (Debian12 with cloud-init takes minutes under TCG)."
} >"$ROOT/docs/benchmarks-compute.md"
