#!/bin/bash
# End-to-end check of Microsoft.ContainerInstance with the unmodified Azure CLI against a running appliance, as root
# on the appliance's host: containers really run (runc), answer on their port, log, stop, start, restart and are
# deleted without leaving a process, a veth, a namespace or a cgroup behind.
#
# Usage: ARM_ENDPOINT=... CLIENT_ID=... CLIENT_SECRET=... TENANT_ID=... CA_BUNDLE=... DATA=appliance-data-folder ./aci_e2e.sh
set -u
LOCATION="${LOCATION:-local}"
SUFFIX="$(date +%s | tail -c 6)"
RG="${RG:-rg-aci-$SUFFIX}"
CG="aci$SUFFIX"
export AZURE_CONFIG_DIR="${AZURE_CONFIG_DIR:-${TMPDIR:-/tmp}/azcfg-aci}"
export AZURE_CORE_COLLECT_TELEMETRY=false AZURE_CORE_OUTPUT=json AZURE_CORE_ONLY_SHOW_ERRORS=true
export REQUESTS_CA_BUNDLE="$CA_BUNDLE"
OUT="${TMPDIR:-/tmp}/aci-e2e"; rm -rf "$OUT" "$AZURE_CONFIG_DIR"; mkdir -p "$OUT"
N=0; FAILS=0
step() { # name, command...
  local name="$1"; shift; N=$((N+1))
  local f="$OUT/$(printf %02d $N)-${name// /_}.txt" t0=$(date +%s.%N)
  "$@" >"$f" 2>&1; local rc=$?
  local dt=$(printf %.2f "$(echo "$(date +%s.%N) - $t0" | bc)")
  if [ $rc -eq 0 ]; then echo "OK   $name (${dt}s)"; else FAILS=$((FAILS+1)); echo "FAIL $name rc=$rc (${dt}s): $(head -c 600 "$f")"; fi
  return $rc
}
answers() { curl -s -m 3 "http://$1:$2/" ; }
ip_of() { az container show -g "$RG" -n "$1" --query ipAddress.ip -o tsv; }

step "cloud register" az cloud register -n ACI --endpoint-resource-manager "$ARM_ENDPOINT" || exit 1
step "cloud set" az cloud set -n ACI
step "login" az login --service-principal -u "$CLIENT_ID" -p "$CLIENT_SECRET" --tenant "$TENANT_ID" || exit 1
step "group create" az group create -n "$RG" -l "$LOCATION"

step "container create (busybox httpd, public ip, secure env)" az container create -g "$RG" -n "$CG" --image busybox \
  --command-line "sh -c 'echo hello from \$GREETING; mkdir -p /www; echo page-\$GREETING > /www/index.html; httpd -f -p 8080 -h /www'" \
  --ip-address Public --ports 8080 --cpu 0.5 --memory 0.25 \
  --environment-variables GREETING=aci --secure-environment-variables TOKEN=never-echoed
IP=$(ip_of "$CG")
step "container show: Running with an address" bash -c "az container show -g '$RG' -n '$CG' --query '[provisioningState,instanceView.state]' -o tsv | tr '\n' ' ' | grep -q 'Succeeded Running' && [ -n '$IP' ]"
step "the secure value is never echoed" bash -c "! az container show -g '$RG' -n '$CG' | grep -q never-echoed"
step "the process answers on its port" bash -c "answers() { curl -s -m 3 http://\$1:\$2/; }; answers '$IP' 8080 | grep -q page-aci"
step "container logs" bash -c "az container logs -g '$RG' -n '$CG' | grep -q 'hello from aci'"
step "container stop" az container stop -g "$RG" -n "$CG"
step "stopped: nothing answers" bash -c "! curl -s -m 2 http://$IP:8080/ | grep -q page-aci"
step "container start" az container start -g "$RG" -n "$CG"
step "started: it answers again" bash -c "for i in 1 2 3 4 5; do curl -s -m 2 http://$IP:8080/ | grep -q page-aci && exit 0; sleep 0.5; done; exit 1"
step "container restart" az container restart -g "$RG" -n "$CG"
step "restarted: it answers" bash -c "for i in 1 2 3 4 5; do curl -s -m 2 http://$IP:8080/ | grep -q page-aci && exit 0; sleep 0.5; done; exit 1"
step "container list" bash -c "az container list -g '$RG' --query '[].name' -o tsv | grep -q '$CG'"
step "an image the store lacks is InaccessibleImage" bash -c "az container create -g '$RG' -n bad$SUFFIX --image nginx:no-such-tag 2>&1 | grep -q InaccessibleImage"
# the group's kernel objects are named after the appliance prefix and the group key: find them by its hosts file
HOSTS=$(grep -l "[[:space:]]$CG\$" /run/strato-containers/*/*/hosts 2>/dev/null | head -1)
KEY=$(basename "$(dirname "$HOSTS")"); PREFIX=$(basename "$(dirname "$(dirname "$HOSTS")")")
step "the group's objects exist while it runs" bash -c "[ -n '$KEY' ] && ip link show '$PREFIX$KEY' >/dev/null && [ -e /run/netns/$PREFIX-$KEY ] && [ -d /sys/fs/cgroup/memory/$PREFIX-$KEY-0 ]"
step "container delete" az container delete -g "$RG" -n "$CG" --yes
step "deleted: nothing answers" bash -c "! curl -s -m 2 http://$IP:8080/ | grep -q page-aci"
step "deleted: no process left" bash -c "! pgrep -f '$PREFIX-[${KEY:0:1}]${KEY:1}'"
step "deleted: no veth or namespace left" bash -c "! ip link show '$PREFIX$KEY' 2>/dev/null && [ ! -e /run/netns/$PREFIX-$KEY ]"
step "deleted: no cgroup or runtime state left" bash -c "! ls /sys/fs/cgroup/memory /sys/fs/cgroup/cpu /sys/fs/cgroup/pids | grep -- '$PREFIX-$KEY' && [ ! -e /run/strato-containers/$PREFIX/$KEY ]"
# On a virtual network: a group on a subnet answers another group on it, and the subnet's security group blocks it.
# Debian's az 2.45 cannot run `az network` (its latest profile names a network SDK version the package lacks) nor
# `az container create --vnet` (which builds the subnet delegation with that SDK), so the network is made through the
# API and the groups with `az container create --file`, the YAML form, which names the subnet by id.
SUB_ID=$(az account show --query id -o tsv)
TOKEN=$(az account get-access-token --query accessToken -o tsv)
arm() { # method, path, [body]: the ARM API with the CLI's token
  curl -sS -f --cacert "$CA_BUNDLE" -X "$1" -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
    "${ARM_ENDPOINT%/}/subscriptions/$SUB_ID/resourceGroups/$RG/providers/Microsoft.Network/$2?api-version=2022-01-01" ${3:+-d "$3"}
}
SUBNET_ID="/subscriptions/$SUB_ID/resourceGroups/$RG/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/s1"
step "nsg create (API)" arm PUT networkSecurityGroups/nsg1 '{"location":"'"$LOCATION"'"}'
step "vnet with a subnet behind the nsg (API)" arm PUT virtualNetworks/vnet1 '{"location":"'"$LOCATION"'","properties":{"addressSpace":{"addressPrefixes":["10.77.0.0/16"]},"subnets":[{"name":"s1","properties":{"addressPrefix":"10.77.1.0/24","networkSecurityGroup":{"id":"/subscriptions/'"$SUB_ID"'/resourceGroups/'"$RG"'/providers/Microsoft.Network/networkSecurityGroups/nsg1"}}}]}}'
group_yaml() { # name, command (a YAML flow sequence), port
  cat <<Y
location: $LOCATION
properties:
  osType: Linux
  restartPolicy: Always
  subnetIds: [{id: "$SUBNET_ID"}]
  ipAddress: {type: Private, ports: [{protocol: TCP, port: $3}]}
  containers:
  - name: $1
    properties:
      image: busybox
      command: $2
      ports: [{port: $3}]
      resources: {requests: {cpu: 0.5, memoryInGB: 0.25}}
Y
}
group_yaml web "[sh, -c, 'mkdir -p /www; echo page-vnet > /www/index.html; httpd -f -p 8080 -h /www']" 8080 > "$OUT/web.yaml"
step "container create on the subnet (az container create --file)" az container create -g "$RG" -n web --file "$OUT/web.yaml"
WEB_IP=$(ip_of web)
step "its address is private, in the subnet" bash -c "az container show -g '$RG' -n web --query ipAddress.type -o tsv | grep -q Private && [[ '$WEB_IP' == 10.77.1.* ]]"
group_yaml probe "[sh, -c, 'while true; do if nc -w 2 $WEB_IP 8080 </dev/null >/dev/null 2>&1; then echo OPEN; else echo CLOSED; fi; sleep 1; done']" 8081 > "$OUT/probe.yaml"
step "a probe group on the same subnet" az container create -g "$RG" -n probe --file "$OUT/probe.yaml"
probe_says() { # expected state: the probe's last line must become it within 20 s
  for _ in $(seq 1 20); do [ "$(az container logs -g "$RG" -n probe 2>/dev/null | grep -E 'OPEN|CLOSED' | tail -1)" = "$1" ] && return 0; sleep 1; done; return 1
}
step "the process answers from another namespace on the network" probe_says OPEN
step "nsg rule denies tcp 8080 inbound (API)" arm PUT networkSecurityGroups/nsg1/securityRules/deny-8080 \
  '{"properties":{"priority":100,"direction":"Inbound","access":"Deny","protocol":"Tcp","sourcePortRange":"*","destinationPortRange":"8080","sourceAddressPrefix":"*","destinationAddressPrefix":"*"}}'
step "the nsg blocks it" probe_says CLOSED
step "nsg rule deleted (API)" arm DELETE networkSecurityGroups/nsg1/securityRules/deny-8080
step "it answers again" probe_says OPEN
step "a subnet with container groups cannot be deleted" bash -c "arm() { curl -sS --cacert '$CA_BUNDLE' -X DELETE -H 'Authorization: Bearer $TOKEN' '${ARM_ENDPOINT%/}/subscriptions/$SUB_ID/resourceGroups/$RG/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/s1?api-version=2022-01-01'; }; arm | grep -q InUseSubnetCannotBeDeleted"
step "container delete on the subnet" bash -c "az container delete -g '$RG' -n probe --yes >/dev/null && az container delete -g '$RG' -n web --yes >/dev/null"
step "the subnet is free again (API)" arm DELETE virtualNetworks/vnet1/subnets/s1
# VM isolation (sku Confidential): the same container in its own QEMU guest, when the host has QEMU
if command -v qemu-system-x86_64 >/dev/null; then
  cat > "$OUT/vm.yaml" <<Y
location: $LOCATION
properties:
  sku: Confidential
  osType: Linux
  restartPolicy: Always
  ipAddress: {type: Public, ports: [{protocol: TCP, port: 8080}]}
  containers:
  - name: app
    properties:
      image: busybox
      command: [sh, -c, 'echo guest kernel \$(uname -r); mkdir -p /www; echo page-vm > /www/index.html; httpd -f -p 8080 -h /www']
      ports: [{port: 8080}]
      resources: {requests: {cpu: 1, memoryInGB: 0.25}}
Y
  step "VM-isolated container create (sku Confidential)" az container create -g "$RG" -n vm1 --file "$OUT/vm.yaml"
  VM_IP=$(ip_of vm1)
  step "the VM-isolated process answers on its port" bash -c "for i in \$(seq 1 30); do curl -s -m 2 http://$VM_IP:8080/ | grep -q page-vm && exit 0; sleep 1; done; exit 1"
  step "it runs its own kernel" bash -c "az container logs -g '$RG' -n vm1 | grep 'guest kernel' | grep -vq \"guest kernel $(uname -r)\""
  VM_DIR=$(dirname "$(grep -l "[[:space:]]vm1\$" /run/strato-containers/*/*/hosts 2>/dev/null | head -1)")
  step "VM-isolated container delete" az container delete -g "$RG" -n vm1 --yes
  step "no guest left" bash -c "[ '$VM_DIR' != . ] && ! ps -C qemu-system-x86_64 -o args= | grep -q -- '$VM_DIR' && ! curl -s -m 2 http://$VM_IP:8080/ | grep -q page-vm"
fi
step "group delete" az group delete -n "$RG" --yes
echo "SUMMARY $N steps, $FAILS failed"
[ $FAILS -eq 0 ]
