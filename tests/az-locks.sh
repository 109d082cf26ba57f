#!/usr/bin/env bash
# Management locks with the unmodified az CLI against a running appliance: az lock create/list/show/delete on a group
# and on a storage account, a locked group refusing az group delete (ScopeLocked), a ReadOnly lock refusing
# az storage account keys list, and everything deletable once unlocked.
# usage: tests/az-locks.sh DATA      prints PASS/FAIL lines and a SUMMARY line; exit 1 on any failure
set -uo pipefail
DATA="$1"
set -a; . "$DATA/bootstrap.env"; set +a
WORK=$(mktemp -d "${TMPDIR:-/tmp}/az-locks.XXXXXX")
PASSED=0; FAILED=0
check() { local what="$1"; shift; if "$@" >"$WORK/out" 2>&1; then PASSED=$((PASSED+1)); echo "PASS $what"; else FAILED=$((FAILED+1)); echo "FAIL $what: $(head -c 400 "$WORK/out")"; fi; }
refused() { ! "$@" 2>"$WORK/err" >/dev/null && grep -q ScopeLocked "$WORK/err"; }
export AZURE_CONFIG_DIR="$WORK/az" REQUESTS_CA_BUNDLE="$CA_BUNDLE" AZURE_CORE_COLLECT_TELEMETRY=no AZURE_CORE_ONLY_SHOW_ERRORS=1
az cloud register -n StratoLocks --endpoint-resource-manager "$ARM_ENDPOINT" >/dev/null
az cloud set -n StratoLocks >/dev/null
az login --service-principal -u "$CLIENT_ID" -p "$CLIENT_SECRET" --tenant "$TENANT_ID" -o none
RG="rg-azlocks-$(date +%s)"; SA="stlk$(date +%s)"
az group create -n "$RG" -l local -o none
check "az lock create on a group (CanNotDelete)" az lock create -n keep -g "$RG" --lock-type CanNotDelete --notes "kept by the test" -o none
check "az lock list shows it" test "$(az lock list -g "$RG" --query '[0].level' -o tsv)" = CanNotDelete
check "az lock show" test "$(az lock show -n keep -g "$RG" --query notes -o tsv)" = "kept by the test"
check "az group delete is refused with ScopeLocked" refused az group delete -n "$RG" --yes
check "az storage account create still works under CanNotDelete" az storage account create -n "$SA" -g "$RG" -l local --sku Standard_LRS -o none
check "az lock create on the account (ReadOnly)" az lock create -n frozen -g "$RG" --resource "$SA" --resource-type Microsoft.Storage/storageAccounts --lock-type ReadOnly -o none
check "az storage account keys list is refused under ReadOnly" refused az storage account keys list -n "$SA" -g "$RG"
check "az lock list of the account shows both levels that apply" test "$(az lock list -g "$RG" --resource "$SA" --resource-type Microsoft.Storage/storageAccounts --query 'length(@)' -o tsv)" -ge 1
check "az lock delete of the account's lock" az lock delete -n frozen -g "$RG" --resource "$SA" --resource-type Microsoft.Storage/storageAccounts
check "  ... keys can be listed again" az storage account keys list -n "$SA" -g "$RG" -o none
check "az lock delete of the group's lock" az lock delete -n keep -g "$RG"
check "  ... no lock is left" test "$(az lock list -g "$RG" --query 'length(@)' -o tsv)" = 0
check "az group delete of the unlocked group" az group delete -n "$RG" --yes
rm -rf "$WORK"
echo "SUMMARY locks: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
