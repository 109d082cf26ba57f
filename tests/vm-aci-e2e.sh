#!/usr/bin/env bash
# A virtual machine and a container group on one virtual network, as a tenant builds them:
#   - a network security group on the containers' subnet, a vnet with a subnet for VMs and one for containers (API);
#   - a busybox web server in a container group on its subnet (API, runc/crun);
#   - a tiny VM on the other subnet (the unmodified az CLI: az vm create --image StratoTinyLinux --subnet ID) whose
#     customData probes the container's port every second and prints OPEN or CLOSED on the serial console;
#   - the probe result is read back through boot diagnostics: OPEN from the VM's network, CLOSED once a security rule
#     denies the VMs' subnet, OPEN again when the rule goes;
#   - deleting both leaves no QEMU process, tap, container process, cgroup or disk file.
# usage: tests/vm-aci-e2e.sh DATA      prints PASS/FAIL lines and a SUMMARY line; exit 1 on any failure
set -uo pipefail
DATA="$1"
set -a; . "$DATA/bootstrap.env"; set +a
ARM="${ARM_ENDPOINT%/}"; CURL=(curl -sS --cacert "$CA_BUNDLE")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/vm-aci-e2e.XXXXXX")
PASSED=0; FAILED=0
pass() { PASSED=$((PASSED+1)); echo "PASS $*"; }
fail() { FAILED=$((FAILED+1)); echo "FAIL $*"; }
check() { local what="$1"; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }

AUD=$("${CURL[@]}" "$ARM/metadata/endpoints?api-version=2015-01-01" | json 'd["authentication"]["audiences"][0]')
TOKEN=$("${CURL[@]}" --data-urlencode grant_type=client_credentials --data-urlencode "client_id=$CLIENT_ID" \
  --data-urlencode "client_secret=$CLIENT_SECRET" --data-urlencode "scope=$AUD/.default" "$ARM/adfs/oauth2/token" | json 'd["access_token"]')
H=(-H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json")
RG="rg-vm-aci-$(date +%s)"
RGID="/subscriptions/$SUBSCRIPTION_ID/resourceGroups/$RG"
NET="$ARM$RGID/providers/Microsoft.Network"
NV="api-version=2018-11-01"
CG="$ARM$RGID/providers/Microsoft.ContainerInstance/containerGroups/web"
CV="api-version=2022-09-01"
put() { "${CURL[@]}" -X PUT "${H[@]}" "$1" -d "$2" -o "$WORK/put.json" -w '%{http_code}' | grep -qE '^20[01]$'; }
state() { "${CURL[@]}" "${H[@]}" "$1" | json 'd.get("properties",{}).get("provisioningState","absent")'; }
wait_state() {  # url wanted seconds
  local s=""
  for _ in $(seq 1 "$3"); do s=$(state "$1"); [ "$s" = "$2" ] && return 0; [ "$s" = Failed ] && break; sleep 1; done
  echo "  provisioningState is $s"; return 1
}
"${CURL[@]}" -X PUT "${H[@]}" "$ARM$RGID?api-version=2021-04-01" -d '{"location":"local"}' -o /dev/null

# --- the network (API) ---
check "an NSG for the containers' subnet" put "$NET/networkSecurityGroups/nsg-web?$NV" '{"location":"local"}'
check "a vnet with a VM subnet and a container subnet behind the NSG" put "$NET/virtualNetworks/vnet-mixed?$NV" \
  '{"location":"local","properties":{"addressSpace":{"addressPrefixes":["10.78.0.0/16"]},"subnets":[
     {"name":"vms","properties":{"addressPrefix":"10.78.1.0/24"}},
     {"name":"aci","properties":{"addressPrefix":"10.78.2.0/24","networkSecurityGroup":{"id":"'"$RGID"'/providers/Microsoft.Network/networkSecurityGroups/nsg-web"},
      "delegations":[{"name":"aci","properties":{"serviceName":"Microsoft.ContainerInstance/containerGroups"}}]}}]}}'
check "  ... reaches Succeeded" wait_state "$NET/virtualNetworks/vnet-mixed?$NV" Succeeded 60

# --- the container group (API) ---
check "a container group with a web server on the container subnet" put "$CG?$CV" '{"location":"local","properties":{
  "osType":"Linux","restartPolicy":"Always","subnetIds":[{"id":"'"$RGID"'/providers/Microsoft.Network/virtualNetworks/vnet-mixed/subnets/aci"}],
  "ipAddress":{"type":"Private","ports":[{"protocol":"TCP","port":8080}]},
  "containers":[{"name":"web","properties":{"image":"busybox","ports":[{"port":8080}],
    "command":["sh","-c","mkdir -p /www; echo page-from-aci > /www/index.html; httpd -f -p 8080 -h /www"],
    "resources":{"requests":{"cpu":0.5,"memoryInGB":0.25}}}}]}}'
check "  ... reaches Succeeded" wait_state "$CG?$CV" Succeeded 120
WEB_IP=$("${CURL[@]}" "${H[@]}" "$CG?$CV" | json 'd["properties"]["ipAddress"]["ip"]')
check "  ... with a private address in the container subnet" test "${WEB_IP%.*}" = 10.78.2

# --- the VM (az CLI, Azure Stack Hub profile: Debian's az 2.45 lacks the latest compute SDK) ---
cat >"$WORK/probe.sh" <<SH
#!/bin/sh
# probes the container's port once a second from the VM, in the background so that provisioning finishes
# (nc, not wget: Debian 12's static busybox wget crashes resolving any URL)
( while true; do
    if printf 'GET / HTTP/1.0\r\n\r\n' | nc -w 2 $WEB_IP 8080 2>/dev/null | grep -q page-from-aci; then echo "PROBE OPEN"; else echo "PROBE CLOSED"; fi
    sleep 1
  done ) &
SH
ssh-keygen -q -t rsa -b 2048 -N '' -f "$WORK/id" >/dev/null
export AZURE_CONFIG_DIR="$WORK/az" REQUESTS_CA_BUNDLE="$CA_BUNDLE" AZURE_CORE_COLLECT_TELEMETRY=no AZURE_CORE_ONLY_SHOW_ERRORS=1
az cloud register -n StratoMixed --endpoint-resource-manager "$ARM_ENDPOINT" --endpoint-vm-image-alias-doc "$ARM/content/Microsoft.Compute/vmImageAliasDoc" --profile 2020-09-01-hybrid >/dev/null
az cloud set -n StratoMixed >/dev/null
az login --service-principal -u "$CLIENT_ID" -p "$CLIENT_SECRET" --tenant "$TENANT_ID" >/dev/null
check "az vm create on the VM subnet, with the probe as customData" az vm create -g $RG -n vmprobe --image StratoTinyLinux \
  --size Standard_B1s --admin-username azureuser --ssh-key-values "$WORK/id.pub" --custom-data "$WORK/probe.sh" \
  --subnet "$RGID/providers/Microsoft.Network/virtualNetworks/vnet-mixed/subnets/vms" --public-ip-address "" --nsg "" -o none
VM_IP=$(az vm show -d -g $RG -n vmprobe --query privateIps -o tsv)
check "  ... the VM has an address in the VM subnet" test "${VM_IP%.*}" = 10.78.1
MACHINE=$(grep -l '"hostName":"vmprobe"' "$DATA"/providers/microsoft.compute/machines/*/machine.json 2>/dev/null | head -1 | xargs -r dirname)
TAP=$(pgrep -af "qemu-system.*strato-$(basename "${MACHINE:-none}") " | grep -o 'ifname=[^,]*' | cut -d= -f2)
# the last probe line printed after the given time; waits until it is the wanted one
probe_after() {  # wanted, seconds
  local seen=""
  for _ in $(seq 1 "$2"); do
    az vm boot-diagnostics get-boot-log -g $RG -n vmprobe >"$WORK/boot.log" 2>/dev/null
    seen=$(grep -o 'PROBE [A-Z]*' "$WORK/boot.log" | tail -1)
    [ "$seen" = "PROBE $1" ] && return 0
    sleep 2
  done
  echo "  last probe line: ${seen:-none}"; return 1
}
check "the container answers the VM across the vnet (probe OPEN in the boot log)" probe_after OPEN 90
check "a security rule denies the VM subnet to port 8080" put "$NET/networkSecurityGroups/nsg-web/securityRules/deny-vms?$NV" \
  '{"properties":{"priority":100,"direction":"Inbound","access":"Deny","protocol":"Tcp","sourcePortRange":"*","destinationPortRange":"8080","sourceAddressPrefix":"10.78.1.0/24","destinationAddressPrefix":"*"}}'
check "  ... and the VM's probe is blocked (CLOSED)" probe_after CLOSED 60
check "the rule is deleted" bash -c "'${CURL[0]}' -sS --cacert '$CA_BUNDLE' -X DELETE -H 'Authorization: Bearer $TOKEN' -o /dev/null -w '%{http_code}' '$NET/networkSecurityGroups/nsg-web/securityRules/deny-vms?$NV' | grep -qE '^20[024]$'"
check "  ... and the probe passes again (OPEN)" probe_after OPEN 60

# --- teardown ---
check "az vm delete" az vm delete -g $RG -n vmprobe --yes -o none
gone_vm() {
  [ -n "$MACHINE" ] && [ -n "$TAP" ] || { echo "  machine folder '$MACHINE', tap '$TAP' not found while it ran"; return 1; }
  for _ in $(seq 1 30); do
    ! pgrep -f "qemu-system.*strato-$(basename "$MACHINE") " >/dev/null && [ ! -e "$MACHINE" ] && ! ip link show "$TAP" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "  left: $(pgrep -f "qemu-system.*strato-$(basename "$MACHINE") ") $(ls -d "$MACHINE" 2>/dev/null) $(ip -br link show "$TAP" 2>/dev/null)"; return 1
}
check "  ... leaves no QEMU process, no tap and no machine folder" gone_vm
HOSTS=$(grep -l "[[:space:]]web\$" /run/strato-containers/*/*/hosts 2>/dev/null | head -1)
KEY=$(basename "$(dirname "${HOSTS:-/x/none/y}")"); PREFIX=$(basename "$(dirname "$(dirname "${HOSTS:-/x/none/y}")")")
code=$("${CURL[@]}" -X DELETE "${H[@]}" "$CG?$CV" -o /dev/null -w '%{http_code}')
check "the container group is deleted" test "$code" = 200 -o "$code" = 204 -o "$code" = 202
gone_group() {
  for _ in $(seq 1 30); do
    [ "$(state "$CG?$CV")" = absent ] && ! pgrep -f "$PREFIX-$KEY" >/dev/null && [ ! -e "/run/netns/$PREFIX-$KEY" ] \
      && ! ls /sys/fs/cgroup/memory /sys/fs/cgroup/pids 2>/dev/null | grep -q -- "$PREFIX-$KEY" && return 0
    sleep 1
  done; return 1
}
check "  ... leaves no container process, namespace or cgroup" gone_group
"${CURL[@]}" -X DELETE "${H[@]}" "$ARM$RGID?api-version=2021-04-01" -o /dev/null
rm -rf "$WORK"
echo "SUMMARY vm-aci: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
