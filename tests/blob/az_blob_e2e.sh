#!/bin/bash
# The Blob endpoint with the unmodified Azure CLI: containers and blobs with the account key (host style,
# https://ACCOUNT.blob.SUFFIX:PORT as az builds it from the cloud's storage suffix), with a container SAS from
# `az storage container generate-sas`, and the refusals: a wrong key, an expired SAS, a SAS without a permission.
# Containers made on the Blob endpoint must show in ARM and back.
#
# Env: ARM_ENDPOINT CLIENT_ID CLIENT_SECRET TENANT_ID CA_BUNDLE (from bootstrap.env), LOCATION (default local),
#      SA (account name; its ACCOUNT.blob.SUFFIX must resolve to the appliance, see tests/run-all.sh), TMPDIR.
set -u
LOCATION="${LOCATION:-local}"
SUFFIX="$(date +%s | tail -c 6)"
RG="${RG:-rg-blob-$SUFFIX}"
SA="${SA:?set SA to an account name whose blob host resolves to the appliance}"
export AZURE_CONFIG_DIR="${TMPDIR:-/tmp}/azcfg-blob"
export AZURE_CORE_COLLECT_TELEMETRY=false AZURE_CORE_OUTPUT=json AZURE_CORE_ONLY_SHOW_ERRORS=true
export REQUESTS_CA_BUNDLE="$CA_BUNDLE"
OUT="${TMPDIR:-/tmp}/az-blob-e2e"; rm -rf "$OUT" "$AZURE_CONFIG_DIR"; mkdir -p "$OUT"
N=0; FAILS=0
step() { # name, command... : the command must succeed
  local name="$1"; shift; N=$((N+1))
  local f="$OUT/$(printf %02d $N)-${name// /_}.txt"
  "$@" >"$f" 2>&1; local rc=$?
  if [ $rc -eq 0 ]; then echo "OK   $name"; else FAILS=$((FAILS+1)); echo "FAIL $name rc=$rc: $(grep -m1 -E 'ERROR|Error|error' "$f" | cut -c1-300)"; fi
  return $rc
}
refused() { # name, expected text in the error, command... : the command must fail with that text
  local name="$1" want="$2"; shift 2; N=$((N+1))
  local f="$OUT/$(printf %02d $N)-${name// /_}.txt"
  if "$@" >"$f" 2>&1; then FAILS=$((FAILS+1)); echo "FAIL $name: accepted"; return 1; fi
  if grep -q -- "$want" "$f"; then echo "OK   $name"; else FAILS=$((FAILS+1)); echo "FAIL $name: no '$want' in: $(head -c 300 "$f")"; fi
}

# az reads only login endpoints from /metadata/endpoints; the storage suffix (with the Blob port) is registered
# from the appliance's 2019-05-01 metadata, as an operator would
STORAGE_SUFFIX=$(curl -fsS --cacert "$CA_BUNDLE" "${ARM_ENDPOINT%/}/metadata/endpoints?api-version=2019-05-01" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["suffixes"]["storage"])')
step "storage suffix has the blob port" bash -c "echo '$STORAGE_SUFFIX' | grep -q ':[0-9]*$'"
step "cloud register" az cloud register -n StratoBlob --endpoint-resource-manager "$ARM_ENDPOINT" --suffix-storage-endpoint "$STORAGE_SUFFIX" || exit 1
step "cloud set" az cloud set -n StratoBlob
step "login" az login --service-principal -u "$CLIENT_ID" -p "$CLIENT_SECRET" --tenant "$TENANT_ID" || exit 1
step "group create" az group create -n "$RG" -l "$LOCATION"
step "account create" az storage account create -n "$SA" -g "$RG" -l "$LOCATION" --sku Standard_LRS --allow-blob-public-access true
KEY=$(az storage account keys list -n "$SA" -g "$RG" --query '[0].value' -o tsv)
step "account shows its blob endpoint" bash -c "az storage account show -n '$SA' -g '$RG' --query primaryEndpoints.blob -o tsv | grep -q '^https://$SA.blob.'"

dd if=/dev/urandom of="$OUT/small.bin" bs=1k count=3 2>/dev/null
dd if=/dev/urandom of="$OUT/big.bin" bs=1M count=70 2>/dev/null   # over az's single-shot limit: sent in blocks
K=(--account-name "$SA" --account-key "$KEY")
step "container create" az storage container create -n data "${K[@]}"
refused "container create again" "ContainerAlreadyExists" az storage container create -n data --fail-on-exist "${K[@]}"
step "container shows in ARM" bash -c "az storage container-rm list --storage-account '$SA' -g '$RG' --query '[].name' -o tsv | grep -qx data"
step "ARM container create" az storage container-rm create --storage-account "$SA" -g "$RG" -n fromarm --public-access blob
step "ARM container shows on the Blob endpoint" bash -c "az storage container list ${K[*]} --query '[].name' -o tsv | grep -qx fromarm"
step "upload small" az storage blob upload -c data -n dir/small.bin -f "$OUT/small.bin" "${K[@]}"
refused "upload again without overwrite" "BlobAlreadyExists" az storage blob upload -c data -n dir/small.bin -f "$OUT/small.bin" "${K[@]}"
step "upload big (blocks)" az storage blob upload -c data -n big.bin -f "$OUT/big.bin" --max-connections 4 "${K[@]}"
step "list" bash -c "az storage blob list -c data ${K[*]} --query '[].name' -o tsv | sort | tr '\n' ' ' | grep -q 'big.bin dir/small.bin'"
step "list with delimiter" bash -c "az storage blob list -c data --delimiter / ${K[*]} --query '[].name' -o tsv | sort | tr '\n' ' ' | grep -q 'big.bin dir/'"
step "download small" az storage blob download -c data -n dir/small.bin -f "$OUT/small.out" "${K[@]}"
step "small round-trips" cmp "$OUT/small.bin" "$OUT/small.out"
step "download big" az storage blob download -c data -n big.bin -f "$OUT/big.out" --max-connections 4 "${K[@]}"
step "big round-trips" cmp "$OUT/big.bin" "$OUT/big.out"
step "show properties" bash -c "az storage blob show -c data -n big.bin ${K[*]} --query properties.contentLength -o tsv | grep -qx $((70*1024*1024))"
step "metadata update" az storage blob metadata update -c data -n dir/small.bin --metadata colour=blue "${K[@]}"
step "metadata show" bash -c "az storage blob metadata show -c data -n dir/small.bin ${K[*]} --query colour -o tsv | grep -qx blue"
step "copy within the appliance" az storage blob copy start -c data -b copy.bin --source-container data --source-blob dir/small.bin "${K[@]}"
step "copy round-trips" bash -c "az storage blob download -c data -n copy.bin -f '$OUT/copy.out' ${K[*]} >/dev/null && cmp '$OUT/small.bin' '$OUT/copy.out'"

BAD="$(echo -n wrongkeywrongkeywrongkeywrongkey | base64 -w0)"
# --debug shows the responses, so these refusals are checked by Azure's status and error code, not az's wording
denied() { # name, status, code, command... : the command must fail and the endpoint must have answered status + code
  local name="$1" status="$2" code="$3"; shift 3; N=$((N+1))
  local f="$OUT/$(printf %02d $N)-${name// /_}.txt"
  if "$@" --debug >"$f" 2>&1; then FAILS=$((FAILS+1)); echo "FAIL $name: accepted"; return 1; fi
  if grep -q "HTTP/1.1\" $status " "$f" && grep -q "<Code>$code</Code>" "$f"; then echo "OK   $name"
  else FAILS=$((FAILS+1)); echo "FAIL $name: no $status $code in $f"; fi
}
denied "wrong account key" 403 AuthenticationFailed az storage blob list -c data --account-name "$SA" --account-key "$BAD"

EXP=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%MZ)
SAS=$(az storage container generate-sas -n data --permissions rl --expiry "$EXP" "${K[@]}" -o tsv)
step "SAS list" bash -c "az storage blob list -c data --account-name '$SA' --sas-token '$SAS' --query '[].name' -o tsv | grep -qx big.bin"
step "SAS download" az storage blob download -c data -n dir/small.bin -f "$OUT/sas.out" --account-name "$SA" --sas-token "$SAS"
denied "SAS without write permission" 403 AuthorizationPermissionMismatch az storage blob upload -c data -n nope.bin -f "$OUT/small.bin" --account-name "$SA" --sas-token "$SAS"
PAST=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%MZ)
OLD=$(az storage container generate-sas -n data --permissions rl --expiry "$PAST" "${K[@]}" -o tsv)
denied "expired SAS" 403 AuthenticationFailed az storage blob list -c data --account-name "$SA" --sas-token "$OLD"

step "anonymous read of a public blob" bash -c "az storage blob upload -c fromarm -n pub.txt -f '$OUT/small.bin' ${K[*]} >/dev/null && curl -fsS --cacert '$CA_BUNDLE' -o '$OUT/pub.out' \"\$(az storage account show -n '$SA' -g '$RG' --query primaryEndpoints.blob -o tsv)fromarm/pub.txt\" && cmp '$OUT/small.bin' '$OUT/pub.out'"
step "anonymous read of a private blob is refused" bash -c "curl -sS --cacert '$CA_BUNDLE' \"\$(az storage account show -n '$SA' -g '$RG' --query primaryEndpoints.blob -o tsv)data/dir/small.bin\" | grep -q '<Code>ResourceNotFound</Code>'"

step "blob delete" az storage blob delete -c data -n dir/small.bin "${K[@]}"
refused "deleted blob is gone" "BlobNotFound" az storage blob show -c data -n dir/small.bin "${K[@]}"
step "container delete" az storage container delete -n data "${K[@]}"
step "deleted container left ARM" bash -c "! az storage container-rm list --storage-account '$SA' -g '$RG' --query '[].name' -o tsv | grep -qx data"
step "account delete" az storage account delete -n "$SA" -g "$RG" --yes
step "group delete" az group delete -n "$RG" --yes
echo "SUMMARY $N steps, $FAILS failed"
[ $FAILS -eq 0 ]
