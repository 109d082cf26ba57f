#!/usr/bin/env bash
# Microsoft.Compute virtual machine scale sets end to end against a running appliance (QEMU guests, real subnet taps):
#   1. ARM API: a set of 2 tiny instances on a subnet reaches Succeeded, each instance is a QEMU guest with its own
#      address on the subnet that ran the set's customData; instances are listed and read with their instance view;
#      power actions reach the named instances; PATCH of sku.capacity scales out; delete of instances (POST delete
#      with instanceIds, DELETE virtualMachines/{id}) lowers the capacity and removes their guests; a load balancer
#      rule on a public IP reaches both instances through the backend pool the model names; bad input gets
#      Azure's codes; deleting the set leaves no process, tap or file.
#   2. the unmodified az CLI (profile 2020-09-01-hybrid): vmss create with an image alias and an SSH key (a new
#      virtual network, load balancer and public IP, as az makes by default), list-instances, scale to 3 and to 1,
#      stop/start, get-instance-view, delete-instances and delete, leaving no process, tap or file.
# usage: tests/vmss-e2e.sh DATA      prints PASS/FAIL lines and a SUMMARY line; exit 1 on any failure
set -uo pipefail
DATA="$1"
set -a; . "$DATA/bootstrap.env"; set +a
ARM="${ARM_ENDPOINT%/}"; CURL=(curl -sS --cacert "$CA_BUNDLE")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/vmss-e2e.XXXXXX")
MACHINES="$DATA/providers/microsoft.compute/machines"
PASSED=0; FAILED=0
pass() { PASSED=$((PASSED+1)); echo "PASS $*"; }
fail() { FAILED=$((FAILED+1)); echo "FAIL $*"; }
check() { local what="$1"; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }

AUD=$("${CURL[@]}" "$ARM/metadata/endpoints?api-version=2015-01-01" | json 'd["authentication"]["audiences"][0]')
TOKEN=$("${CURL[@]}" --data-urlencode grant_type=client_credentials --data-urlencode "client_id=$CLIENT_ID" \
  --data-urlencode "client_secret=$CLIENT_SECRET" --data-urlencode "scope=$AUD/.default" "$ARM/adfs/oauth2/token" | json 'd["access_token"]')
H=(-H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json")
RG=rg-vmss-e2e
RGURL="$ARM/subscriptions/$SUBSCRIPTION_ID/resourcegroups/$RG"
V="api-version=2022-11-01"
NV="api-version=2021-04-01"
NETV="api-version=2023-09-01"
SS="$RGURL/providers/Microsoft.Compute/virtualMachineScaleSets/ss1"
VNET="$RGURL/providers/Microsoft.Network/virtualNetworks/vnet1"
SUBNET_ID="/subscriptions/$SUBSCRIPTION_ID/resourceGroups/$RG/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/default"
PIP_ID="/subscriptions/$SUBSCRIPTION_ID/resourceGroups/$RG/providers/Microsoft.Network/publicIPAddresses/pip1"
LB_ID="/subscriptions/$SUBSCRIPTION_ID/resourceGroups/$RG/providers/Microsoft.Network/loadBalancers/lb1"
"${CURL[@]}" -X PUT "${H[@]}" "$RGURL?$NV" -d '{"location":"local"}' -o /dev/null

ssh-keygen -q -t rsa -b 2048 -N '' -f "$WORK/id" >/dev/null
# the customData also serves the instance's host name on port 8080 (busybox httpd), behind a load balancer
printf '#!/bin/sh\necho "customData ran on $(hostname)"\nmkdir -p /www; hostname >/www/index.html; httpd -p 8080 -h /www\n' >"$WORK/custom.sh"
KEY=$(cat "$WORK/id.pub")
CUSTOM=$(base64 -w0 <"$WORK/custom.sh")
body() {  # capacity size
  cat <<JSON
{"location":"local","sku":{"name":"$2","tier":"Standard","capacity":$1},
 "properties":{"overprovision":true,"upgradePolicy":{"mode":"Manual"},"virtualMachineProfile":{
  "storageProfile":{"imageReference":{"publisher":"Strato","offer":"tiny-linux","sku":"busybox","version":"latest"},
    "osDisk":{"createOption":"FromImage","caching":"ReadWrite","managedDisk":{"storageAccountType":"Standard_LRS"}}},
  "osProfile":{"computerNamePrefix":"ss1vm","adminUsername":"azureuser","customData":"$CUSTOM",
    "linuxConfiguration":{"disablePasswordAuthentication":true,"ssh":{"publicKeys":[{"path":"/home/azureuser/.ssh/authorized_keys","keyData":"$KEY"}]}}},
  "networkProfile":{"networkInterfaceConfigurations":[{"name":"ss1nic","properties":{"primary":true,
    "ipConfigurations":[{"name":"ss1ip","properties":{"subnet":{"id":"$SUBNET_ID"},"loadBalancerBackendAddressPools":[{"id":"$LB_ID/backendAddressPools/pool"}]}}]}}]}}}}
JSON
}
state() { "${CURL[@]}" "${H[@]}" "$1?$V" | json 'd.get("properties",{}).get("provisioningState","absent")'; }
wait_state() {  # url wanted seconds
  local s=""
  for _ in $(seq 1 "$3"); do s=$(state "$1"); [ "$s" = "$2" ] && return 0; [ "$s" = Failed ] && break; sleep 1; done
  echo "  provisioningState is $s"; return 1
}
ids() { "${CURL[@]}" "${H[@]}" "$1/virtualMachines?$V" | json '" ".join(v["instanceId"] for v in d["value"])'; }
power() { "${CURL[@]}" "${H[@]}" "$1/virtualMachines/$2/instanceView?$V" | json '[s["code"] for s in d["statuses"] if s["code"].startswith("PowerState/")][0]'; }
error() { python3 -c "import json,sys; d=json.load(sys.stdin); print(d['error']['code'], d['error'].get('target'))"; }
machine_of() { grep -l "\"hostName\":\"$1\"" "$MACHINES"/*/machine.json 2>/dev/null | head -1 | xargs -r dirname; }
qemu_of() { pgrep -f "qemu-system.*strato-$(basename "$1") "; }
tap_of() { pgrep -af "qemu-system.*strato-$(basename "$1") " | grep -o 'ifname=[^,]*' | cut -d= -f2; }
declare -A TAP
remember() { local d; for d in "$@"; do [ -n "$d" ] && TAP[$d]=$(tap_of "$d"); done; }   # a running guest's tap, by folder
gone() {  # machine folders that must have no process, tap or file left
  local d
  for d in "$@"; do
    [ -z "$d" ] && continue
    qemu_of "$d" >/dev/null && { echo "  $d still has a process"; return 1; }
    [ -e "$d" ] && { echo "  $d still exists"; return 1; }
    [ -n "${TAP[$d]:-}" ] && ip link show "${TAP[$d]}" >/dev/null 2>&1 && { echo "  tap ${TAP[$d]} is still there"; return 1; }
  done
  return 0
}
booted() {  # machine-folder text: the serial log shows it, waiting up to a minute (TCG on a busy host)
  for _ in $(seq 1 60); do grep -q "$2" "$1/serial.log" 2>/dev/null && return 0; sleep 1; done; return 1
}

# --- 1. API ---
"${CURL[@]}" -X PUT "${H[@]}" "$VNET?$NETV" -o /dev/null \
  -d '{"location":"local","properties":{"addressSpace":{"addressPrefixes":["10.7.0.0/16"]},"subnets":[{"name":"default","properties":{"addressPrefix":"10.7.1.0/24"}}]}}'
"${CURL[@]}" -X PUT "${H[@]}" "$ARM$PIP_ID?$NETV" -o /dev/null -d '{"location":"local","sku":{"name":"Standard"},"properties":{"publicIPAllocationMethod":"Static"}}'
"${CURL[@]}" -X PUT "${H[@]}" "$ARM$LB_ID?$NETV" -o /dev/null -d '{"location":"local","sku":{"name":"Standard"},"properties":{
  "frontendIPConfigurations":[{"name":"fe","properties":{"publicIPAddress":{"id":"'"$PIP_ID"'"}}}],"backendAddressPools":[{"name":"pool"}],
  "probes":[{"name":"web","properties":{"protocol":"Tcp","port":8080}}],
  "loadBalancingRules":[{"name":"http","properties":{"protocol":"Tcp","frontendPort":80,"backendPort":8080,"frontendIPConfiguration":{"id":"'"$LB_ID"'/frontendIPConfigurations/fe"},
    "backendAddressPool":{"id":"'"$LB_ID"'/backendAddressPools/pool"},"probe":{"id":"'"$LB_ID"'/probes/web"}}}]}}'
PIP=$("${CURL[@]}" "${H[@]}" "$ARM$PIP_ID?$NETV" | json 'd["properties"]["ipAddress"]')
bad=$("${CURL[@]}" -X PUT "${H[@]}" "$SS?$V" -d "$(body 1 Standard_B1ls | sed 's#backendAddressPools/pool#backendAddressPools/nope#')" | error)
check "a backend pool that does not exist is InvalidResourceReference" test "$bad" = "InvalidResourceReference networkInterfaceConfigurations"
bad=$("${CURL[@]}" -X PUT "${H[@]}" "$SS?$V" -d "$(body 101 Standard_B1ls)" | error)
check "a capacity over 100 is refused with InvalidParameter" test "$bad" = "InvalidParameter sku.capacity"
bad=$("${CURL[@]}" -X PUT "${H[@]}" "$SS?$V" -d "$(body 1 Standard_Nope)" | error)
check "an unknown size is refused with InvalidParameter" test "$bad" = "InvalidParameter sku.name"
bad=$("${CURL[@]}" -X PUT "${H[@]}" "$SS?$V" -d "$(body 1 Standard_B1ls | sed 's#subnets/default#subnets/nope#')" | error)
check "a subnet that does not exist is InvalidResourceReference" test "$bad" = "InvalidResourceReference networkInterfaceConfigurations"
t0=$(date +%s.%N)
code=$("${CURL[@]}" -X PUT "${H[@]}" "$SS?$V" -d "$(body 2 Standard_B1ls)" -o "$WORK/put.json" -w '%{http_code}')
check "PUT virtualMachineScaleSets answers 201 Creating" test "$code" = 201 -a "$(json 'd["properties"]["provisioningState"]' <"$WORK/put.json")" = Creating
check "the set reaches Succeeded" wait_state "$SS" Succeeded 240
echo "  PUT -> Succeeded (2 instances) in $(echo "$(date +%s.%N) - $t0" | bc) s"
check "its instances are 0 and 1" test "$(ids "$SS")" = "0 1"
vm0=$("${CURL[@]}" "${H[@]}" "$SS/virtualMachines/0?$V&%24expand=instanceView")
check "instance 0 is named ss1_0, computer ss1vm000000, running" test "$(echo "$vm0" | json 'd["name"]+" "+d["properties"]["osProfile"]["computerName"]+" "+d["properties"]["instanceView"]["statuses"][1]["code"]')" = "ss1_0 ss1vm000000 PowerState/running"
d0=$(machine_of ss1vm000000); d1=$(machine_of ss1vm000001)
check "each instance is a QEMU guest of its own" test -n "$d0" -a -n "$d1" -a -n "$(qemu_of "$d0")" -a -n "$(qemu_of "$d1")"
remember "$d0" "$d1"
check "each is plugged into a tap of its own on the subnet's bridge" bash -c "[ -n '${TAP[$d0]}' ] && [ '${TAP[$d0]}' != '${TAP[$d1]}' ] && ip -d link show '${TAP[$d0]}' | grep -q master"
check "instance 0 has the subnet's first address and ran the customData" bash -c "grep -q 'STRATO-NET: eth0 10.7.1.4/24' '$d0/serial.log' && grep -q 'customData ran on ss1vm000000' '$d0/serial.log'"
check "instance 1 has the next address" booted "$d1" 'STRATO-NET: eth0 10.7.1.5/24'
uri=$("${CURL[@]}" -X POST "${H[@]}" "$SS/virtualMachines/1/retrieveBootDiagnosticsData?$V" -d '' | json 'd["serialConsoleLogBlobUri"]')
check "instance 1's boot diagnostics link serves its own serial log" bash -c "curl -sS --cacert '$CA_BUNDLE' '$uri' | grep -q 'customData ran on ss1vm000001'"
check "the set's instance view counts 2 running" test "$("${CURL[@]}" "${H[@]}" "$SS/instanceView?$V" | json '[s["count"] for s in d["virtualMachine"]["statusesSummary"] if s["code"]=="PowerState/running"][0]')" = 2
check "secrets are not in the response" bash -c "! '${CURL[0]}' -sS --cacert '$CA_BUNDLE' -H 'Authorization: Bearer $TOKEN' '$SS?$V' | grep -q customData"
balanced() {  # the load balancer's public IP answers with both instances' host names
  local seen=""
  for _ in $(seq 1 90); do
    seen="$seen $(curl -s --max-time 2 "http://$PIP/")"
    case "$seen" in *ss1vm000000*ss1vm000001*|*ss1vm000001*ss1vm000000*) return 0;; esac
    sleep 1
  done
  echo "  answers seen: $seen"; return 1
}
check "the load balancer's rule on $PIP:80 spreads over both instances (backend pool)" balanced
bad=$("${CURL[@]}" "${H[@]}" "$SS/virtualMachines/9?$V" -w ' %{http_code}' | sed 's/^.*"code":"\([^"]*\)".* \([0-9]*\)$/\1 \2/')
check "an unknown instance is NotFound 404" test "$bad" = "NotFound 404"
"${CURL[@]}" -X POST "${H[@]}" "$SS/powerOff?$V" -d '{"instanceIds":["1"]}' -o /dev/null
check "powerOff with instanceIds [1] stops instance 1 only" test "$(power "$SS" 1) $(power "$SS" 0)" = "PowerState/stopped PowerState/running"
check "  ... its QEMU process is gone" test -z "$(qemu_of "$d1")"
"${CURL[@]}" -X POST "${H[@]}" "$SS/virtualMachines/1/start?$V" -d '' -o /dev/null
check "virtualMachines/1/start runs it again" test "$(power "$SS" 1)" = PowerState/running
"${CURL[@]}" -X PATCH "${H[@]}" "$SS?$V" -d '{"sku":{"capacity":3}}' -o /dev/null
check "PATCH sku.capacity 3 adds instance 2" test "$(ids "$SS")" = "0 1 2"
d2=$(machine_of ss1vm000002); remember "$d2"
check "  ... a third guest runs" test -n "$d2" -a -n "$(qemu_of "$d2")"
bad=$("${CURL[@]}" -X POST "${H[@]}" "$SS/delete?$V" -d '{"instanceIds":["2","7"]}' | error)
check "delete of an unknown instance id is NotFound" test "$bad" = "NotFound instanceId"
"${CURL[@]}" -X POST "${H[@]}" "$SS/delete?$V" -d '{"instanceIds":["2"]}' -o /dev/null
check "POST delete with instanceIds [2] lowers the capacity to 2" test "$("${CURL[@]}" "${H[@]}" "$SS?$V" | json 'd["sku"]["capacity"]') $(ids "$SS")" = "2 0 1"
check "  ... and removes its guest, disk and tap" gone "$d2"
"${CURL[@]}" -X DELETE "${H[@]}" "$SS/virtualMachines/1?$V" -o /dev/null
check "DELETE virtualMachines/1 leaves instance 0 alone" test "$(ids "$SS")" = "0"
check "  ... and removes its guest" gone "$d1"
code=$("${CURL[@]}" -X DELETE "${H[@]}" "$SS?$V" -o /dev/null -w '%{http_code}')
check "DELETE the set" test "$code" = 200 -o "$code" = 202 -o "$code" = 204
for _ in $(seq 1 60); do [ "$(state "$SS")" = absent ] && break; sleep 1; done
check "  ... leaves no process, tap or file" gone "$d0" "$d1" "$d2"

# --- 2. az CLI ---
export AZURE_CONFIG_DIR="$WORK/az" REQUESTS_CA_BUNDLE="$CA_BUNDLE" AZURE_CORE_COLLECT_TELEMETRY=no AZURE_CORE_ONLY_SHOW_ERRORS=1
az cloud register -n StratoVmss --endpoint-resource-manager "$ARM_ENDPOINT" --endpoint-vm-image-alias-doc "$ARM/content/Microsoft.Compute/vmImageAliasDoc" --profile 2020-09-01-hybrid >/dev/null
az cloud set -n StratoVmss >/dev/null
az login --service-principal -u "$CLIENT_ID" -p "$CLIENT_SECRET" --tenant "$TENANT_ID" >/dev/null
t0=$(date +%s.%N)
check "az vmss create --image StratoTinyLinux --instance-count 2 --vm-sku Standard_B1ls --ssh-key-values (new vnet, LB and public IP)" \
  az vmss create -g $RG -n ss2 --image StratoTinyLinux --instance-count 2 --vm-sku Standard_B1ls --admin-username azureuser \
  --ssh-key-values "$WORK/id.pub" --vnet-name vnet2 --subnet sub2 --computer-name-prefix ss2vm -o none
echo "  az vmss create took $(echo "$(date +%s.%N) - $t0" | bc) s"
check "az vmss list-instances shows 2 instances" test "$(az vmss list-instances -g $RG -n ss2 --query 'length(@)' -o tsv)" = 2
e0=$(machine_of ss2vm000000); e1=$(machine_of ss2vm000001)
remember "$e0" "$e1"
check "  ... each a running guest on the new subnet" bash -c "[ -n '$(qemu_of "$e0")' ] && [ -n '$(qemu_of "$e1")' ] && grep -q 'STRATO-NET: eth0 10.0.0.4/24' '$e0/serial.log'"
check "az vmss scale --new-capacity 3" az vmss scale -g $RG -n ss2 --new-capacity 3 -o none
check "  ... 3 instances" test "$(az vmss list-instances -g $RG -n ss2 --query "join(' ', [].instanceId)" -o tsv)" = "0 1 2"
e2=$(machine_of ss2vm000002); remember "$e2"
check "az vmss stop" az vmss stop -g $RG -n ss2 -o none
check "  ... every instance is stopped" test "$(az vmss get-instance-view -g $RG -n ss2 --query "virtualMachine.statusesSummary[?code=='PowerState/stopped'].count | [0]" -o tsv)" = 3
check "az vmss start" az vmss start -g $RG -n ss2 -o none
check "  ... instance 2 runs again" test "$(az vmss get-instance-view -g $RG -n ss2 --instance-id 2 --query "statuses[?starts_with(code,'PowerState')].code | [0]" -o tsv)" = PowerState/running
check "az vmss delete-instances --instance-ids 2" az vmss delete-instances -g $RG -n ss2 --instance-ids 2 -o none
check "  ... lowers the capacity to 2" test "$(az vmss show -g $RG -n ss2 --query sku.capacity -o tsv)" = 2
check "  ... and leaves no process, tap or file of instance 2" gone "$e2"
check "az vmss scale --new-capacity 1" az vmss scale -g $RG -n ss2 --new-capacity 1 -o none
check "  ... keeps instance 0 only" test "$(az vmss list-instances -g $RG -n ss2 --query "join(' ', [].instanceId)" -o tsv)" = "0"
check "  ... the removed guest leaves no process, tap or file" gone "$e1"
check "az vmss delete" az vmss delete -g $RG -n ss2 -o none
check "  ... leaves no process, tap or file" gone "$e0" "$e1" "$e2"

"${CURL[@]}" -X DELETE "${H[@]}" "$RGURL?$NV" -o /dev/null
rm -rf "$WORK"
echo "SUMMARY vmss: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
