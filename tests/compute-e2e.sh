#!/usr/bin/env bash
# Microsoft.Compute end to end against a running appliance (QEMU driver, real guests; TCG where KVM is unusable):
#   1. ARM API: a tiny VM with customData is created (PUT -> Succeeded), its guest boots and runs the customData
#      (read back through boot diagnostics: retrieveBootDiagnosticsData -> signed link -> serial log),
#      powerOff/start/restart/deallocate move the instance view's PowerState, and delete leaves no QEMU process
#      and no file; bad input gets Azure's codes.
#   2. the unmodified az CLI: vm list/show/get-instance-view/stop/start/boot-diagnostics/delete, vm list-sizes,
#      vm image list, and (when Microsoft.Network is served) vm create with an image alias and an SSH key, for the tiny
#      image and for Debian 12 (built with debootstrap on first use; cloud-init runs the customData; its extension
#      agent runs CustomScript extensions).
# usage: tests/compute-e2e.sh DATA      prints PASS/FAIL lines and a SUMMARY line; exit 1 on any failure
set -uo pipefail
DATA="$1"
set -a; . "$DATA/bootstrap.env"; set +a
ARM="${ARM_ENDPOINT%/}"; CURL=(curl -sS --cacert "$CA_BUNDLE")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/compute-e2e.XXXXXX")
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
RG=rg-compute-e2e
RGURL="$ARM/subscriptions/$SUBSCRIPTION_ID/resourcegroups/$RG"
V="api-version=2022-11-01"
VM1="$RGURL/providers/Microsoft.Compute/virtualMachines/vm1"
"${CURL[@]}" -X PUT "${H[@]}" "$RGURL?api-version=2021-04-01" -d '{"location":"local"}' -o /dev/null

ssh-keygen -q -t rsa -b 2048 -N '' -f "$WORK/id" >/dev/null
printf '#!/bin/sh\necho "customData ran on $(hostname) as $(id -u)"\n' >"$WORK/custom.sh"
KEY=$(cat "$WORK/id.pub")
CUSTOM=$(base64 -w0 <"$WORK/custom.sh")
body() {  # name size
  cat <<JSON
{"location":"local","properties":{"hardwareProfile":{"vmSize":"$2"},
 "storageProfile":{"imageReference":{"publisher":"Strato","offer":"tiny-linux","sku":"busybox","version":"latest"},
   "osDisk":{"createOption":"FromImage","managedDisk":{"storageAccountType":"Premium_LRS"}}},
 "osProfile":{"computerName":"$1","adminUsername":"azureuser","customData":"$CUSTOM",
   "linuxConfiguration":{"disablePasswordAuthentication":true,"ssh":{"publicKeys":[{"path":"/home/azureuser/.ssh/authorized_keys","keyData":"$KEY"}]}}}}}
JSON
}
state() { "${CURL[@]}" "${H[@]}" "$1?$V" | json 'd.get("properties",{}).get("provisioningState","absent")'; }
power() { "${CURL[@]}" "${H[@]}" "$1/instanceView?$V" | json '[s["code"] for s in d["statuses"] if s["code"].startswith("PowerState/")][0]'; }
wait_state() {  # url wanted seconds
  local s=""
  for _ in $(seq 1 "$3"); do s=$(state "$1"); [ "$s" = "$2" ] && return 0; [ "$s" = Failed ] && break; sleep 1; done
  echo "  provisioningState is $s"; return 1
}
machine_of() { grep -l "\"hostName\":\"$1\"" "$MACHINES"/*/machine.json 2>/dev/null | head -1 | xargs -r dirname; }
qemu_running() { pgrep -f "qemu-system.*strato-$(basename "$1") " >/dev/null; }
no_qemu() { ! pgrep -f "qemu-system.*strato-$(basename "$1") " >/dev/null; }

# --- 1. API ---
t0=$(date +%s.%N)
code=$("${CURL[@]}" -X PUT "${H[@]}" "$VM1?$V" -d "$(body vm1 Standard_B1s)" -o "$WORK/put.json" -w '%{http_code}')
check "PUT virtualMachines answers 201 Creating" test "$code" = 201 -a "$(json 'd["properties"]["provisioningState"]' <"$WORK/put.json")" = Creating
check "the VM reaches Succeeded" wait_state "$VM1" Succeeded 240
echo "  PUT -> Succeeded in $(echo "$(date +%s.%N) - $t0" | bc) s"
check "its power state is running" test "$(power "$VM1")" = PowerState/running
dir=$(machine_of vm1)
check "a QEMU process runs the guest" qemu_running "$dir"
check "secrets are not in the response" bash -c "! '${CURL[0]}' -sS --cacert '$CA_BUNDLE' -H 'Authorization: Bearer $TOKEN' '$VM1?$V' | grep -q customData"
uri=$("${CURL[@]}" -X POST "${H[@]}" "$VM1/retrieveBootDiagnosticsData?$V" -d '' | json 'd["serialConsoleLogBlobUri"]')
curl -sS --cacert "$CA_BUNDLE" "$uri" >"$WORK/serial.log"
check "boot diagnostics show the customData ran" grep -q "customData ran on vm1 as 0" "$WORK/serial.log"
check "the serial log link needs its signature" test "$(curl -sS --cacert "$CA_BUNDLE" -o /dev/null -w '%{http_code}' "${uri%%\?*}")" = 404
check "GET with \$expand=instanceView carries the power state" test "$("${CURL[@]}" "${H[@]}" "$VM1?$V&%24expand=instanceView" | json '[s["code"] for s in d["properties"]["instanceView"]["statuses"]][1]')" = PowerState/running
"${CURL[@]}" -X POST "${H[@]}" "$VM1/powerOff?$V" -d '' -o /dev/null
check "powerOff stops the guest" test "$(power "$VM1")" = PowerState/stopped
check "no QEMU process after powerOff" no_qemu "$dir"
"${CURL[@]}" -X POST "${H[@]}" "$VM1/start?$V" -d '' -o /dev/null
check "start boots it again" test "$(power "$VM1")" = PowerState/running
"${CURL[@]}" -X POST "${H[@]}" "$VM1/deallocate?$V" -d '' -o /dev/null
check "deallocate reports deallocated" test "$(power "$VM1")" = PowerState/deallocated
"${CURL[@]}" -X POST "${H[@]}" "$VM1/restart?$V" -d '' -o /dev/null
check "restart of a deallocated VM runs it" test "$(power "$VM1")" = PowerState/running
sizes=$("${CURL[@]}" "${H[@]}" "$ARM/subscriptions/$SUBSCRIPTION_ID/providers/Microsoft.Compute/locations/local/vmSizes?$V" | json 'len(d["value"])')
check "vmSizes lists the size table" test "$sizes" -gt 10
bad=$("${CURL[@]}" -X PUT "${H[@]}" "$RGURL/providers/Microsoft.Compute/virtualMachines/bad?$V" -d "$(body bad Standard_Nope)" | json 'd["error"]["code"]+" "+d["error"]["target"]')
check "an unknown size is refused with InvalidParameter" test "$bad" = "InvalidParameter vmSize"
bad=$("${CURL[@]}" -X PUT "${H[@]}" "$RGURL/providers/Microsoft.Compute/virtualMachines/bad?$V" -d "$(body bad Standard_B1s | sed 's/"Strato"/"MicrosoftWindowsServer"/')" -w ' %{http_code}' | sed 's/^.*"code":"\([^"]*\)".* \([0-9]*\)$/\1 \2/')
check "an image the appliance lacks is PlatformImageNotFound 404" test "$bad" = "PlatformImageNotFound 404"

# --- 2. az CLI ---
# The Debian package of az 2.45 lacks azure-mgmt-compute's 2022-11-01 API (its 'latest' profile fails every
# 'az vm' command with "No module named azure.mgmt.compute.v2022_11_01"), so the az part uses the Azure Stack Hub
# profile 2020-09-01-hybrid (compute 2020-06-01), which it has.
export AZURE_CONFIG_DIR="$WORK/az" REQUESTS_CA_BUNDLE="$CA_BUNDLE" AZURE_CORE_COLLECT_TELEMETRY=no AZURE_CORE_ONLY_SHOW_ERRORS=1
STORAGE_SUFFIX=$("${CURL[@]}" "$ARM/metadata/endpoints?api-version=2019-05-01" | json 'd[0]["suffixes"]["storage"]')
az cloud register -n StratoCompute --endpoint-resource-manager "$ARM_ENDPOINT" --endpoint-vm-image-alias-doc "$ARM/content/Microsoft.Compute/vmImageAliasDoc" \
  --suffix-storage-endpoint "$STORAGE_SUFFIX" --profile 2020-09-01-hybrid >/dev/null
az cloud set -n StratoCompute >/dev/null
az login --service-principal -u "$CLIENT_ID" -p "$CLIENT_SECRET" --tenant "$TENANT_ID" >/dev/null
check "az vm list shows the VM" test "$(az vm list -g $RG --query '[0].name' -o tsv)" = vm1
check "az vm get-instance-view shows it running" test "$(az vm get-instance-view -g $RG -n vm1 --query "instanceView.statuses[?starts_with(code,'PowerState')].code | [0]" -o tsv)" = PowerState/running
check "az vm stop" az vm stop -g $RG -n vm1 -o none
check "  ... leaves it stopped" test "$(power "$VM1")" = PowerState/stopped
check "az vm start" az vm start -g $RG -n vm1 -o none
check "  ... runs it again" test "$(power "$VM1")" = PowerState/running
# the guest boots again after the start: under TCG on a busy host its marker may take a while to reach the log
boot_log() { for _ in $(seq 1 60); do az vm boot-diagnostics get-boot-log -g $RG -n vm1 >"$WORK/az-boot.log" 2>&1; grep -q "STRATO-BOOT" "$WORK/az-boot.log" && return 0; sleep 2; done; return 1; }
check "az vm boot-diagnostics get-boot-log prints the serial log" boot_log
check "az vm list-sizes" test "$(az vm list-sizes -l local --query "[?name=='Standard_B1s'].numberOfCores | [0]" -o tsv)" = 1
check "az vm image list --all finds the tiny image" test "$(az vm image list --all -l local -p Strato --query '[0].urn' -o tsv)" = "Strato:tiny-linux:busybox:1.0.0"
check "az vm image list reads the alias document" bash -c "az vm image list -o tsv --query '[].urnAlias' | grep -q StratoTinyLinux"
check "az vm delete" az vm delete -g $RG -n vm1 --yes -o none
check "  ... leaves no process" no_qemu "$dir"
check "  ... and no file" test ! -e "$dir"
check "  ... and the VM is gone" test "$(state "$VM1")" = absent

if "${CURL[@]}" "${H[@]}" "$ARM/subscriptions/$SUBSCRIPTION_ID/providers/Microsoft.Network?api-version=2021-04-01" | grep -q networkInterfaces; then
  check "az vm availability-set create --platform-fault-domain-count 4 is refused with InvalidParameter" bash -c "! az vm availability-set create -g $RG -n as0 \
    --platform-fault-domain-count 4 -o none 2>'$WORK/as.err' && grep -q 'fault domain count 4 must fall in the range 1 to 3' '$WORK/as.err'"
  check "az vm availability-set create" az vm availability-set create -g $RG -n as1 --platform-fault-domain-count 2 --platform-update-domain-count 3 -o none
  az vm availability-set create -g $RG -n as2 -o none
  t0=$(date +%s.%N)
  check "az vm create --image StratoTinyLinux --ssh-key-values --custom-data --availability-set (NIC on a new virtual network)" az vm create -g $RG -n vm2 \
    --image StratoTinyLinux --size Standard_B1s --admin-username azureuser --ssh-key-values "$WORK/id.pub" --custom-data "$WORK/custom.sh" \
    --availability-set as1 --public-ip-address "" --nsg "" -o none
  echo "  az vm create took $(echo "$(date +%s.%N) - $t0" | bc) s"
  check "az vm show -d says VM running with the NIC's private IP" test "$(az vm show -d -g $RG -n vm2 --query '[powerState, privateIps]' -o tsv | tr '\n' ' ')" = "VM running 10.0.0.4 "
  az vm boot-diagnostics get-boot-log -g $RG -n vm2 >"$WORK/az-boot2.log" 2>&1
  check "the guest has the NIC's address and ran its customData" bash -c "grep -q 'STRATO-NET: eth0 10.0.0.4/24' '$WORK/az-boot2.log' && grep -q 'customData ran on vm2' '$WORK/az-boot2.log'"
  check "az vm availability-set show lists the VM" bash -c "az vm availability-set show -g $RG -n as1 --query 'virtualMachines[0].id' -o tsv | grep -qi '/virtualMachines/vm2$'"
  check "  ... and the VM's instance view has its fault and update domain" test "$(az vm get-instance-view -g $RG -n vm2 \
    --query '[instanceView.platformFaultDomain, instanceView.platformUpdateDomain]' -o tsv | tr '\n' ' ')" = "0 0 "
  check "a VM cannot change its availability set (PropertyChangeNotAllowed)" bash -c "! az vm update -g $RG -n vm2 \
    --set availabilitySet.id=\$(az vm availability-set show -g $RG -n as2 --query id -o tsv) -o none 2>'$WORK/as2.err' && grep -q PropertyChangeNotAllowed '$WORK/as2.err'"
  check "az vm availability-set delete of a set with a VM is refused" bash -c "! az vm availability-set delete -g $RG -n as1 -o none 2>'$WORK/as3.err' && grep -q OperationNotAllowed '$WORK/as3.err'"
  check "az vm availability-set list" test "$(az vm availability-set list -g $RG --query 'length(@)' -o tsv)" = 2
  dir2=$(machine_of vm2)
  tap=$(pgrep -af "qemu-system.*strato-$(basename "$dir2") " | grep -o 'ifname=[^,]*' | cut -d= -f2)
  check "the guest is plugged into a tap on the virtual network's bridge" bash -c "[ -n '$tap' ] && ip -d link show '$tap' | grep -q 'master'"
  # CustomScript: the script reaches the running guest through its script medium; outcome in the instance views
  check "az vm extension set (CustomScript, commandToExecute)" az vm extension set -g $RG --vm-name vm2 --publisher Microsoft.Azure.Extensions \
    --name CustomScript --settings '{"commandToExecute":"echo extension-ran-on-$(hostname); echo to-stderr >&2"}' -o none
  check "  ... az vm extension show --instance-view has its stdout" test "$(az vm extension show -g $RG --vm-name vm2 -n CustomScript --instance-view \
    --query "instanceView.substatuses[?contains(code,'StdOut')].message | [0]" -o tsv)" = extension-ran-on-vm2
  check "  ... and its stderr" test "$(az vm extension show -g $RG --vm-name vm2 -n CustomScript --instance-view \
    --query "instanceView.substatuses[?contains(code,'StdErr')].message | [0]" -o tsv)" = to-stderr
  check "  ... the VM's instance view shows it succeeded" test "$(az vm get-instance-view -g $RG -n vm2 \
    --query "instanceView.extensions[?name=='CustomScript'].statuses[0].code | [0]" -o tsv)" = ProvisioningState/succeeded
  check "  ... the guest kept running (no reboot)" bash -c "az vm boot-diagnostics get-boot-log -g $RG -n vm2 | grep -c STRATO-BOOT | grep -qx 1"
  check "az vm extension list" test "$(az vm extension list -g $RG --vm-name vm2 --query '[0].[name,provisioningState]' -o tsv | tr '\n' ' ')" = "CustomScript Succeeded "
  check "protected settings run and are never echoed" az vm extension set -g $RG --vm-name vm2 --publisher Microsoft.Azure.Extensions \
    --name CustomScript --protected-settings '{"commandToExecute":"echo hidden-$((40+2))"}' -o none
  check "  ... the command ran" test "$(az vm extension show -g $RG --vm-name vm2 -n CustomScript --instance-view \
    --query "instanceView.substatuses[?contains(code,'StdOut')].message | [0]" -o tsv)" = hidden-42
  leak=$("${CURL[@]}" "${H[@]}" "$RGURL/providers/Microsoft.Compute/virtualMachines/vm2?$V&%24expand=instanceView"
         "${CURL[@]}" "${H[@]}" "$RGURL/providers/Microsoft.Compute/virtualMachines/vm2/extensions/CustomScript?$V&%24expand=instanceView")
  check "  ... the command is in no response" test "$(grep -cF -e 'hidden-$((40' -e protectedSettings <<<"$leak")" = 0
  check "a script that exits 4 fails with VMExtensionProvisioningError" bash -c "! az vm extension set -g $RG --vm-name vm2 --publisher Microsoft.OSTCExtensions \
    --name CustomScriptForLinux --settings '{\"commandToExecute\":\"echo before-failing; exit 4\"}' -o none 2>'$WORK/ext.err' && grep -q VMExtensionProvisioningError '$WORK/ext.err' && grep -q 'exit status=4' '$WORK/ext.err'"
  check "  ... its provisioningState is Failed" test "$(az vm extension show -g $RG --vm-name vm2 -n CustomScriptForLinux --query provisioningState -o tsv)" = Failed
  bad=$("${CURL[@]}" -X PUT "${H[@]}" "$RGURL/providers/Microsoft.Compute/virtualMachines/vm2/extensions/nope?$V" \
    -d '{"location":"local","properties":{"publisher":"Contoso","type":"Nope","typeHandlerVersion":"1.0"}}' | json 'd["error"]["code"]')
  check "an unknown extension type is NotFound" test "$bad" = NotFound
  # fileUris from a storage account of this appliance (its ACCOUNT.blob.SUFFIX resolves here, see run-all.sh):
  # with the blob's SAS, and with the account's key in the protected settings; anonymous is refused by the endpoint
  SA=stratoextfiles
  check "az storage account create for the scripts" az storage account create -n $SA -g $RG -l local --sku Standard_LRS -o none
  SAKEY=$(az storage account keys list -n $SA -g $RG --query '[0].value' -o tsv)
  printf '#!/bin/sh\necho "downloaded script ran on $(hostname) with $1"\n' >"$WORK/hello.sh"
  az storage container create -n scripts --account-name $SA --account-key "$SAKEY" -o none
  check "az storage blob upload of a script" az storage blob upload -c scripts -n tools/hello.sh -f "$WORK/hello.sh" --account-name $SA --account-key "$SAKEY" -o none
  BLOB=$(az storage blob url -c scripts -n tools/hello.sh --account-name $SA --account-key "$SAKEY" -o tsv)
  BSAS=$(az storage blob generate-sas -c scripts -n tools/hello.sh --permissions r --expiry "$(date -u -d '+1 hour' +%Y-%m-%dT%H:%MZ)" --account-name $SA --account-key "$SAKEY" -o tsv)
  stdout_of() { az vm extension show -g $RG --vm-name vm2 -n CustomScript --instance-view --query "instanceView.substatuses[?contains(code,'StdOut')].message | [0]" -o tsv; }
  check "CustomScript with fileUris (the blob's SAS URL)" az vm extension set -g $RG --vm-name vm2 --publisher Microsoft.Azure.Extensions --name CustomScript \
    --settings "{\"fileUris\":[\"$BLOB?$BSAS\"],\"commandToExecute\":\"sh hello.sh sas\"}" -o none
  check "  ... the downloaded script ran in the guest" test "$(stdout_of)" = "downloaded script ran on vm2 with sas"
  check "CustomScript with fileUris and storageAccountName/Key in protected settings" az vm extension set -g $RG --vm-name vm2 --publisher Microsoft.Azure.Extensions \
    --name CustomScript --settings "{\"fileUris\":[\"$BLOB\"],\"commandToExecute\":\"sh hello.sh key\"}" \
    --protected-settings "{\"storageAccountName\":\"$SA\",\"storageAccountKey\":\"$SAKEY\"}" -o none
  check "  ... the downloaded script ran in the guest" test "$(stdout_of)" = "downloaded script ran on vm2 with key"
  check "  ... the key is in no response" test "$("${CURL[@]}" "${H[@]}" "$RGURL/providers/Microsoft.Compute/virtualMachines/vm2/extensions/CustomScript?$V&%24expand=instanceView" | grep -cF "$SAKEY")" = 0
  check "fileUris without authorization fail with the endpoint's refusal" bash -c "! az vm extension set -g $RG --vm-name vm2 --publisher Microsoft.Azure.Extensions \
    --name CustomScript --settings '{\"fileUris\":[\"$BLOB\"],\"commandToExecute\":\"sh hello.sh none\"}' -o none 2>'$WORK/fu.err' && grep -q 'PublicAccessNotPermitted' '$WORK/fu.err'"
  check "fileUris off the appliance fail: no route to the internet" bash -c "! az vm extension set -g $RG --vm-name vm2 --publisher Microsoft.Azure.Extensions \
    --name CustomScript --settings '{\"fileUris\":[\"https://raw.githubusercontent.com/x/y/z.sh\"],\"commandToExecute\":\"sh z.sh\"}' -o none 2>'$WORK/fu2.err' && grep -q 'no route to the internet' '$WORK/fu2.err'"
  check "az vm extension delete" az vm extension delete -g $RG --vm-name vm2 -n CustomScriptForLinux -o none
  check "  ... leaves one extension" test "$(az vm extension list -g $RG --vm-name vm2 --query 'length(@)' -o tsv)" = 1
  DISKS="$DATA/providers/microsoft.compute/disks"
  disk_files() { ls "$DISKS"/disk-*.qcow2 2>/dev/null | sort; }
  before=$(disk_files)
  check "az disk create --size-gb 1" az disk create -g $RG -n data1 --size-gb 1 -o none
  newfile=$(comm -13 <(echo "$before") <(disk_files) | head -1)
  check "  ... makes a qcow2 file" test -n "$newfile"
  check "az vm disk attach" az vm disk attach -g $RG --vm-name vm2 --name data1 -o none
  check "  ... the disk says Attached, managed by the VM" test "$(az disk show -g $RG -n data1 --query diskState -o tsv)" = Attached
  attached() { for _ in $(seq 1 60); do az vm boot-diagnostics get-boot-log -g $RG -n vm2 2>/dev/null | grep -q 'STRATO-DISK: vdb 1024 MiB' && return 0; sleep 2; done; return 1; }
  check "  ... the guest sees it as vdb after its restart" attached
  check "az disk delete of an attached disk is refused" bash -c "! az disk delete -g $RG -n data1 --yes -o none 2>'$WORK/disk-del.err' && grep -q OperationNotAllowed '$WORK/disk-del.err'"
  check "az vm disk detach" az vm disk detach -g $RG --vm-name vm2 --name data1 -o none
  check "az disk update --size-gb 2 grows it" test "$(az disk update -g $RG -n data1 --size-gb 2 --query diskSizeGb -o tsv)" = 2
  check "az disk delete" az disk delete -g $RG -n data1 --yes -o none
  check "  ... removes its file" test ! -e "$newfile"
  # images: a marker written by CustomScript onto vm2's OS disk must be on every VM and disk made from its image
  check "CustomScript writes a marker onto the OS disk" az vm extension set -g $RG --vm-name vm2 --publisher Microsoft.Azure.Extensions \
    --name CustomScript --settings '{"commandToExecute":"printf image-marker-42 | dd of=/dev/vda bs=512 seek=8 conv=fsync"}' -o none
  check "az image create of a running VM is refused (OperationNotAllowed)" bash -c "! az image create -g $RG -n img0 --source vm2 -o none 2>'$WORK/img.err' && grep -q OperationNotAllowed '$WORK/img.err'"
  az vm deallocate -g $RG -n vm2 -o none
  IMAGES="$DATA/providers/microsoft.compute/images"
  check "az image create --source vm2 (deallocated)" az image create -g $RG -n img1 --source vm2 -o none
  IMG=$(az image show -g $RG -n img1 --query id -o tsv)
  imgfile=$(ls "$IMAGES"/*.qcow2 2>/dev/null | head -1)
  check "  ... a standalone qcow2 owned by the image" bash -c "[ -n '$imgfile' ] && ! qemu-img info -U '$imgfile' | grep -q 'backing file'"
  check "az image list" test "$(az image list -g $RG --query '[0].[name,provisioningState]' -o tsv | tr '\n' ' ')" = "img1 Succeeded "
  check "az vm create --image <image id>" az vm create -g $RG -n vm3 --image "$IMG" --size Standard_B1s --admin-username azureuser \
    --ssh-key-values "$WORK/id.pub" --public-ip-address "" --nsg "" -o none
  check "  ... its OS disk has the image's marker" az vm extension set -g $RG --vm-name vm3 --publisher Microsoft.Azure.Extensions \
    --name CustomScript --settings '{"commandToExecute":"dd if=/dev/vda bs=512 skip=8 count=1 2>/dev/null | head -c 15"}' -o none
  check "  ... (read back through the extension's stdout)" test "$(az vm extension show -g $RG --vm-name vm3 -n CustomScript --instance-view \
    --query "instanceView.substatuses[?contains(code,'StdOut')].message | [0]" -o tsv)" = image-marker-42
  check "az image delete of an image in use is refused" bash -c "! az image delete -g $RG -n img1 -o none 2>'$WORK/img2.err' && grep -q OperationNotAllowed '$WORK/img2.err'"
  check "az disk create --image-reference (platform image, FromImage)" test "$(az disk create -g $RG -n fromplatform \
    --image-reference Strato:tiny-linux:busybox:1.0.0 --query '[creationData.createOption, diskSizeGb]' -o tsv | tr '\n' ' ')" = "FromImage 1 "
  "${CURL[@]}" -X PUT "${H[@]}" "$RGURL/providers/Microsoft.Compute/disks/fromimage?api-version=2022-07-02" \
    -d "{\"location\":\"local\",\"properties\":{\"creationData\":{\"createOption\":\"FromImage\",\"imageReference\":{\"id\":\"$IMG\"}}}}" -o /dev/null
  disk_succeeded() { for _ in $(seq 1 120); do [ "$("${CURL[@]}" "${H[@]}" "$RGURL/providers/Microsoft.Compute/disks/$1?api-version=2022-07-02" \
    | json 'd.get("properties",{}).get("provisioningState","absent")')" = Succeeded ] && return 0; sleep 1; done; return 1; }
  check "a disk FromImage of the image resource reaches Succeeded" disk_succeeded fromimage
  marker() { qemu-img convert -U -O raw "$1" "$WORK/m.raw" && dd if="$WORK/m.raw" bs=512 skip=8 count=1 2>/dev/null | head -c 15; rm -f "$WORK/m.raw"; }
  fromimage_file=$(comm -13 <(echo "$before") <(disk_files) | xargs -r -n1 sh -c 'qemu-img info -U "$0" | grep -q "virtual size: 30 GiB" && echo "$0"' | head -1)
  check "  ... is a copy with the marker" test "$(marker "$fromimage_file")" = image-marker-42
  # by id: az asks for a snapshot of that name first and takes only a 404 as "not a snapshot"
  check "az disk create --source <disk id> (Copy) of it" test "$(az disk create -g $RG -n copied --source "$(az disk show -g $RG -n fromimage --query id -o tsv)" \
    --query creationData.createOption -o tsv)" = Copy
  copied_file=$(comm -13 <(echo "$before") <(disk_files) | grep -v -e "$fromimage_file" | xargs -r -n1 sh -c 'qemu-img info -U "$0" | grep -q "virtual size: 30 GiB" && echo "$0"' | head -1)
  check "  ... a real copy with the marker" test "$(marker "$copied_file")" = image-marker-42
  bad=$("${CURL[@]}" -X PUT "${H[@]}" "$RGURL/providers/Microsoft.Compute/disks/toosmall?api-version=2022-07-02" \
    -d "{\"location\":\"local\",\"properties\":{\"diskSizeGB\":2,\"creationData\":{\"createOption\":\"FromImage\",\"imageReference\":{\"id\":\"$IMG\"}}}}" | json 'd["error"]["code"]')
  check "a disk smaller than its image is refused with InvalidParameter" test "$bad" = InvalidParameter
  check "az vm disk attach to the running vm3" az vm disk attach -g $RG --vm-name vm3 --name copied -o none
  check "az disk update --size-gb of the attached disk of a running VM is refused" bash -c "! az disk update -g $RG -n copied --size-gb 40 -o none 2>'$WORK/rs.err' && grep -q OperationNotAllowed '$WORK/rs.err'"
  check "az disk update --size-gb 20 (shrink) is refused" bash -c "! az disk update -g $RG -n fromimage --size-gb 20 -o none 2>/dev/null"
  dir3=$(machine_of vm3)
  check "az vm delete vm3" az vm delete -g $RG -n vm3 --yes -o none
  for d in fromplatform fromimage copied; do az disk delete -g $RG -n $d --yes -o none; done
  # an extension declared in the same template as its VM (dependsOn) runs once the VM is up
  cat >"$WORK/vm-ext.json" <<JSON
{"\$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#","contentVersion":"1.0.0.0",
 "parameters":{"image":{"type":"string"},"key":{"type":"string"}},
 "resources":[
  {"type":"Microsoft.Compute/virtualMachines","apiVersion":"2020-06-01","name":"vm4","location":"local",
   "properties":{"hardwareProfile":{"vmSize":"Standard_B1s"},"storageProfile":{"imageReference":{"id":"[parameters('image')]"}},
     "osProfile":{"computerName":"vm4","adminUsername":"azureuser","linuxConfiguration":{"disablePasswordAuthentication":true,
       "ssh":{"publicKeys":[{"path":"/home/azureuser/.ssh/authorized_keys","keyData":"[parameters('key')]"}]}}}}},
  {"type":"Microsoft.Compute/virtualMachines/extensions","apiVersion":"2020-06-01","name":"vm4/setup","location":"local",
   "dependsOn":["[resourceId('Microsoft.Compute/virtualMachines','vm4')]"],
   "properties":{"publisher":"Microsoft.Azure.Extensions","type":"CustomScript","typeHandlerVersion":"2.1","autoUpgradeMinorVersion":true,
     "protectedSettings":{"commandToExecute":"echo template-ext-on-\$(hostname)"}}}]}
JSON
  check "az deployment group create: a VM from the image and its CustomScript (dependsOn)" az deployment group create -g $RG -n vmext \
    --template-file "$WORK/vm-ext.json" --parameters image="$IMG" key="$KEY" -o none
  check "  ... the extension ran in the template's VM" test "$(az vm extension show -g $RG --vm-name vm4 -n setup --instance-view \
    --query "instanceView.substatuses[?contains(code,'StdOut')].message | [0]" -o tsv)" = template-ext-on-vm4
  dir4=$(machine_of vm4)
  check "az vm delete vm4" az vm delete -g $RG -n vm4 --yes -o none
  check "az image delete" az image delete -g $RG -n img1 -o none
  check "  ... removes its file" test ! -e "$imgfile"
  check "az vm delete vm2" az vm delete -g $RG -n vm2 --yes -o none
  gone() { no_qemu "$dir2" && ! ip link show "$tap" >/dev/null 2>&1 && [ ! -e "$dir2" ]; }
  check "  ... leaves no process, no tap, no file" gone
  check "az vm availability-set delete once it is empty" az vm availability-set delete -g $RG -n as1 -o none
  # Debian 12 minimal: built by the appliance with debootstrap on first use (minutes under TCG), then booted with
  # systemd and Debian's cloud-init reading the same NoCloud seed
  cat >"$WORK/debian.sh" <<'SH'
#!/bin/sh
echo "customData ran on $(hostname) as $(id -u)"
echo "admin $(id -un azureuser) keys=$(grep -c ssh- /home/azureuser/.ssh/authorized_keys)"
echo "address $(ip -o -4 addr show scope global | awk '{print $4}' | head -1)"
echo "os $(. /etc/os-release; echo "$PRETTY_NAME")"
SH
  t0=$(date +%s.%N)
  check "az vm create --image Debian12 (built with debootstrap on first use, cloud-init reads the seed)" az vm create -g $RG -n vmdeb \
    --image Debian12 --size Standard_B1s --admin-username azureuser --ssh-key-values "$WORK/id.pub" --custom-data "$WORK/debian.sh" \
    --public-ip-address "" --nsg "" -o none
  echo "  az vm create (Debian12) took $(echo "$(date +%s.%N) - $t0" | bc) s"
  ipdeb=$(az vm show -d -g $RG -n vmdeb --query privateIps -o tsv)
  az vm boot-diagnostics get-boot-log -g $RG -n vmdeb >"$WORK/az-bootdeb.log" 2>&1
  check "the Debian guest ran its customData as root under its computer name" grep -q "customData ran on vmdeb as 0" "$WORK/az-bootdeb.log"
  check "  ... cloud-init made the admin user with its SSH key" grep -q "admin azureuser keys=1" "$WORK/az-bootdeb.log"
  check "  ... the guest has the NIC's address ($ipdeb)" bash -c "[ -n '$ipdeb' ] && grep -q 'address $ipdeb/' '$WORK/az-bootdeb.log'"
  check "  ... it is Debian 12 and cloud-init reported the end of provisioning" bash -c "grep -q 'os Debian GNU/Linux 12' '$WORK/az-bootdeb.log' && grep -q 'STRATO-READY: cloud-init finished' '$WORK/az-bootdeb.log'"
  # CustomScript on Debian: the image's strato-extensions service reads the script medium and reports on the console
  check "az vm extension set on the Debian VM (CustomScript, protected settings)" az vm extension set -g $RG --vm-name vmdeb \
    --publisher Microsoft.Azure.Extensions --name CustomScript \
    --protected-settings '{"commandToExecute":"echo debian-ext-on-$(hostname)-as-$(id -u)-secret-$((6*7)); . /etc/os-release; echo debian-$VERSION_ID >&2"}' -o none
  check "  ... its stdout in az vm extension show --instance-view" test "$(az vm extension show -g $RG --vm-name vmdeb -n CustomScript --instance-view \
    --query "instanceView.substatuses[?contains(code,'StdOut')].message | [0]" -o tsv)" = debian-ext-on-vmdeb-as-0-secret-42
  check "  ... its stderr" test "$(az vm extension show -g $RG --vm-name vmdeb -n CustomScript --instance-view \
    --query "instanceView.substatuses[?contains(code,'StdErr')].message | [0]" -o tsv)" = debian-12
  check "  ... the VM's instance view shows it succeeded" test "$(az vm get-instance-view -g $RG -n vmdeb \
    --query "instanceView.extensions[?name=='CustomScript'].statuses[0].code | [0]" -o tsv)" = ProvisioningState/succeeded
  leak=$("${CURL[@]}" "${H[@]}" "$RGURL/providers/Microsoft.Compute/virtualMachines/vmdeb?$V&%24expand=instanceView"
         "${CURL[@]}" "${H[@]}" "$RGURL/providers/Microsoft.Compute/virtualMachines/vmdeb/extensions/CustomScript?$V&%24expand=instanceView"
         az vm boot-diagnostics get-boot-log -g $RG -n vmdeb 2>&1)
  check "  ... the protected command is in no response and not on the console" test "$(grep -cF -e 'secret-$((6' -e protectedSettings <<<"$leak")" = 0
  check "a failing script on the Debian VM is VMExtensionProvisioningError" bash -c "! az vm extension set -g $RG --vm-name vmdeb --publisher Microsoft.Azure.Extensions \
    --name CustomScript --settings '{\"commandToExecute\":\"echo about-to-fail; exit 3\"}' -o none 2>'$WORK/extdeb.err' \
    && grep -q VMExtensionProvisioningError '$WORK/extdeb.err' && grep -q 'exit status=3' '$WORK/extdeb.err' && grep -q about-to-fail '$WORK/extdeb.err'"
  dirdeb=$(machine_of vmdeb)
  check "az vm delete vmdeb" az vm delete -g $RG -n vmdeb --yes -o none
  gonedeb() { no_qemu "$dirdeb" && [ ! -e "$dirdeb" ]; }
  check "  ... leaves no process and no file" gonedeb
else
  echo "SKIP az vm create: Microsoft.Network (network interfaces) is not served by this appliance"
fi
# only this test's machines: other suites (the template corpus) may still be deleting theirs
leftover() { for d in "${dir:-}" "${dir2:-}" "${dir3:-}" "${dir4:-}" "${dirdeb:-}"; do [ -n "$d" ] && [ -e "$d" ] && return 1; done; return 0; }
check "no machine folder of this test is left" leftover
"${CURL[@]}" -X DELETE "${H[@]}" "$RGURL?api-version=2021-04-01" -o /dev/null
rm -rf "$WORK"
echo "SUMMARY compute: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
