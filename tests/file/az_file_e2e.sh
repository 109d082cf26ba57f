#!/bin/bash
# The File endpoint with the unmodified Azure CLI and the account key (host style, https://ACCOUNT.file.SUFFIX:PORT as
# az builds it from the cloud's storage suffix). The key goes in the connection string of
# `az storage account show-connection-string` (AZURE_STORAGE_CONNECTION_STRING): az's file commands, unlike its blob
# ones, hand a bare --account-key to the SDK, which can take the account name only from a *.file.core.* host name.
# Covered: shares, directories, files up and down (several ranges), listing,
# deletion, and the refusals checked by Azure's status and code: a wrong key, a missing share, a missing parent, a
# file beyond the share's quota. Shares made on the File endpoint must show in ARM and back, with their usage.
#
# Env: ARM_ENDPOINT CLIENT_ID CLIENT_SECRET TENANT_ID CA_BUNDLE (from bootstrap.env), LOCATION (default local),
#      SA (account name; its ACCOUNT.file.SUFFIX must resolve to the appliance, see tests/run-all.sh), TMPDIR.
set -u
LOCATION="${LOCATION:-local}"
SUFFIX="$(date +%s | tail -c 6)"
RG="${RG:-rg-file-$SUFFIX}"
SA="${SA:?set SA to an account name whose file host resolves to the appliance}"
export AZURE_CONFIG_DIR="${TMPDIR:-/tmp}/azcfg-file"
export AZURE_CORE_COLLECT_TELEMETRY=false AZURE_CORE_OUTPUT=json AZURE_CORE_ONLY_SHOW_ERRORS=true
export REQUESTS_CA_BUNDLE="$CA_BUNDLE"
OUT="${TMPDIR:-/tmp}/az-file-e2e"; rm -rf "$OUT" "$AZURE_CONFIG_DIR"; mkdir -p "$OUT"
N=0; FAILS=0
step() { # name, command... : the command must succeed
  local name="$1"; shift; N=$((N+1))
  local f="$OUT/$(printf %02d $N)-${name// /_}.txt"
  "$@" >"$f" 2>&1; local rc=$?
  if [ $rc -eq 0 ]; then echo "OK   $name"; else FAILS=$((FAILS+1)); echo "FAIL $name rc=$rc: $(grep -m1 -E 'ERROR|Error|error' "$f" | cut -c1-300)"; fi
  return $rc
}
# --debug shows the responses, so refusals are checked by Azure's status and error code, not az's wording
denied() { # name, status, code, command... : the command must fail and the endpoint must have answered status + code
  local name="$1" status="$2" code="$3"; shift 3; N=$((N+1))
  local f="$OUT/$(printf %02d $N)-${name// /_}.txt"
  if "$@" --debug >"$f" 2>&1; then FAILS=$((FAILS+1)); echo "FAIL $name: accepted"; return 1; fi
  if grep -q "HTTP/1.1\" $status " "$f" && grep -q "$code" "$f"; then echo "OK   $name"
  else FAILS=$((FAILS+1)); echo "FAIL $name: no $status $code in $f"; fi
}

STORAGE_SUFFIX=$(curl -fsS --cacert "$CA_BUNDLE" "${ARM_ENDPOINT%/}/metadata/endpoints?api-version=2019-05-01" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["suffixes"]["storage"])')
step "cloud register" az cloud register -n StratoFile --endpoint-resource-manager "$ARM_ENDPOINT" --suffix-storage-endpoint "$STORAGE_SUFFIX" || exit 1
step "cloud set" az cloud set -n StratoFile
step "login" az login --service-principal -u "$CLIENT_ID" -p "$CLIENT_SECRET" --tenant "$TENANT_ID" || exit 1
step "group create" az group create -n "$RG" -l "$LOCATION"
step "account create" az storage account create -n "$SA" -g "$RG" -l "$LOCATION" --sku Standard_LRS
KEY=$(az storage account keys list -n "$SA" -g "$RG" --query '[0].value' -o tsv)
step "account shows its file endpoint" bash -c "az storage account show -n '$SA' -g '$RG' --query primaryEndpoints.file -o tsv | grep -q '^https://$SA.file.'"
export AZURE_STORAGE_CONNECTION_STRING="$(az storage account show-connection-string -n "$SA" -g "$RG" -o tsv)"
step "the connection string names the file endpoint" bash -c "echo \"\$AZURE_STORAGE_CONNECTION_STRING\" | grep -q 'FileEndpoint=https://$SA.file.'"
K=()

dd if=/dev/urandom of="$OUT/small.bin" bs=1k count=3 2>/dev/null
dd if=/dev/urandom of="$OUT/big.bin" bs=1M count=9 2>/dev/null   # over one 4 MiB range: sent in several
step "share create" az storage share create -n docs --quota 5 --metadata team=files "${K[@]}"
denied "share create again" 409 ShareAlreadyExists az storage share create -n docs --fail-on-exist "${K[@]}"
step "share list" bash -c "az storage share list ${K[*]} --query '[].name' -o tsv | grep -qx docs"
step "share shows in ARM with its quota" bash -c "az storage share-rm show --storage-account '$SA' -g '$RG' -n docs --query shareQuota -o tsv | grep -qx 5"
step "ARM share create" az storage share-rm create --storage-account "$SA" -g "$RG" -n fromarm --quota 1
step "ARM share shows on the File endpoint" bash -c "az storage share list ${K[*]} --query '[].name' -o tsv | grep -qx fromarm"
step "directory create" az storage directory create -s docs -n reports "${K[@]}"
step "nested directory create" az storage directory create -s docs -n reports/2025 "${K[@]}"
denied "directory without its parent" 404 ParentNotFound az storage directory create -s docs -n none/sub --fail-on-exist "${K[@]}"
step "upload small" az storage file upload -s docs --source "$OUT/small.bin" -p reports/small.bin "${K[@]}"
step "upload big (ranges)" az storage file upload -s docs --source "$OUT/big.bin" -p big.bin --max-connections 2 "${K[@]}"
step "list the root" bash -c "az storage file list -s docs ${K[*]} --query '[].name' -o tsv | sort | tr '\n' ' ' | grep -q '^big.bin reports $'"
step "list a directory" bash -c "az storage file list -s docs -p reports ${K[*]} --query '[].name' -o tsv | sort | tr '\n' ' ' | grep -q '^2025 small.bin $'"
step "file size in the list" bash -c "az storage file list -s docs ${K[*]} --query \"[?name=='big.bin'].properties.contentLength\" -o tsv | grep -qx $((9*1024*1024))"
step "download small" az storage file download -s docs -p reports/small.bin --dest "$OUT/small.out" "${K[@]}"
step "small round-trips" cmp "$OUT/small.bin" "$OUT/small.out"
step "download big" az storage file download -s docs -p big.bin --dest "$OUT/big.out" --max-connections 2 "${K[@]}"
step "big round-trips" cmp "$OUT/big.bin" "$OUT/big.out"
step "file show" bash -c "az storage file show -s docs -p big.bin ${K[*]} --query properties.contentLength -o tsv | grep -qx $((9*1024*1024))"
step "metadata update" az storage file metadata update -s docs -p reports/small.bin --metadata colour=blue "${K[@]}"
step "metadata show" bash -c "az storage file metadata show -s docs -p reports/small.bin ${K[*]} --query colour -o tsv | grep -qx blue"
step "ARM usage counts the bytes" bash -c "az storage share-rm show --storage-account '$SA' -g '$RG' -n docs --expand stats --query shareUsageBytes -o tsv | grep -qx $((9*1024*1024 + 3*1024))"

BAD="$(echo -n wrongkeywrongkeywrongkeywrongkey | base64 -w0)"
denied "wrong account key" 403 AuthenticationFailed az storage file list -s docs --connection-string "${AZURE_STORAGE_CONNECTION_STRING/$KEY/$BAD}"
denied "missing share" 404 ShareNotFound az storage file list -s nosuchshare "${K[@]}"
denied "missing file" 404 ResourceNotFound az storage file download -s docs -p nothing.bin --dest "$OUT/none.out" "${K[@]}"
truncate -s 1100M "$OUT/sparse.bin"   # a 1 GiB quota: Create File of 1100 MiB is refused before any byte is sent
denied "file beyond the quota" 413 ShareSizeLimitReached az storage file upload -s fromarm --source "$OUT/sparse.bin" -p sparse.bin "${K[@]}"
denied "directory not empty" 409 DirectoryNotEmpty az storage directory delete -s docs -n reports --fail-not-exist "${K[@]}"

step "file delete" az storage file delete -s docs -p reports/small.bin "${K[@]}"
step "file gone" bash -c "[ -z \"\$(az storage file list -s docs -p reports ${K[*]} --query \"[?name=='small.bin']\" -o tsv)\" ]"
step "directory delete" az storage directory delete -s docs -n reports/2025 "${K[@]}"
step "share delete" az storage share delete -n docs "${K[@]}"
step "share gone from ARM" bash -c "! az storage share-rm list --storage-account '$SA' -g '$RG' --query '[].name' -o tsv | grep -qx docs"
step "group delete" az group delete -n "$RG" --yes
echo "SUMMARY $N steps, $FAILS failed"
[ "$FAILS" -eq 0 ]
