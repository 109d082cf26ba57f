#!/usr/bin/env bash
# A server killed (SIGKILL) in the middle of a deployment finishes it after restart, without duplicating or
# losing a resource. Used by tests/run-all.sh:
#   tests/deployment-crash.sh start DATA   -> starts a 150-account copy deployment, prints nothing else
#   (run-all.sh kills the server with SIGKILL and starts it again)
#   tests/deployment-crash.sh check DATA   -> waits for Succeeded, checks exactly 150 accounts and 150 operations
set -euo pipefail
phase="$1"; DATA="$2"; COUNT=150
set -a; . "$DATA/bootstrap.env"; set +a
ARM="${ARM_ENDPOINT%/}"; CURL=(curl -sS --cacert "$CA_BUNDLE")
AUD=$("${CURL[@]}" "$ARM/metadata/endpoints?api-version=2015-01-01" | python3 -c 'import json,sys;print(json.load(sys.stdin)["authentication"]["audiences"][0])')
TOKEN=""
for _ in $(seq 1 120); do   # after a restart the token endpoint answers 503 until Keycloak is back
  TOKEN=$("${CURL[@]}" --data-urlencode grant_type=client_credentials --data-urlencode "client_id=$CLIENT_ID" \
    --data-urlencode "client_secret=$CLIENT_SECRET" --data-urlencode "scope=$AUD/.default" "$ARM/adfs/oauth2/token" \
    | python3 -c 'import json,sys;print(json.load(sys.stdin).get("access_token",""))' 2>/dev/null || true)
  [ -n "$TOKEN" ] && break; sleep 1
done
[ -n "$TOKEN" ] || { echo "no token from the appliance"; exit 1; }
H=(-H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json")
RG="$ARM/subscriptions/$SUBSCRIPTION_ID/resourcegroups/rg-crash"
V="api-version=2021-04-01"
case "$phase" in
  start)
    "${CURL[@]}" -X PUT "${H[@]}" "$RG?$V" -d '{"location":"local"}' -o /dev/null
    template='{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#","contentVersion":"1.0.0.0",
      "resources":[{"type":"Microsoft.Storage/storageAccounts","apiVersion":"2022-09-01","name":"[concat('"'"'crash'"'"', uniqueString(resourceGroup().id), copyIndex())]",
      "location":"[resourceGroup().location]","sku":{"name":"Standard_LRS"},"kind":"StorageV2","copy":{"name":"accounts","count":'$COUNT'}}]}'
    code=$("${CURL[@]}" -X PUT "${H[@]}" "$RG/providers/Microsoft.Resources/deployments/crash?$V" \
      -d "{\"properties\":{\"mode\":\"Incremental\",\"template\":$template}}" -o /dev/null -w '%{http_code}')
    [ "$code" = 201 ] || { echo "deployment PUT answered $code"; exit 1; }
    ;;
  check)
    for _ in $(seq 1 180); do
      state=$("${CURL[@]}" "${H[@]}" "$RG/providers/Microsoft.Resources/deployments/crash?$V" | python3 -c 'import json,sys;print(json.load(sys.stdin)["properties"]["provisioningState"])')
      case "$state" in Succeeded) break ;; Failed|Canceled) echo "deployment ended $state"; exit 1 ;; esac
      sleep 1
    done
    [ "$state" = Succeeded ] || { echo "deployment still $state after restart"; exit 1; }
    accounts=$("${CURL[@]}" "${H[@]}" "$RG/providers/Microsoft.Storage/storageAccounts?api-version=2022-09-01&%24top=1000" | python3 -c 'import json,sys;v=json.load(sys.stdin)["value"];print(len(v), len({a["id"].lower() for a in v}), sum(a["properties"]["provisioningState"]=="Succeeded" for a in v))')
    ops=$("${CURL[@]}" "${H[@]}" "$RG/providers/Microsoft.Resources/deployments/crash/operations?$V" | python3 -c 'import json,sys;v=json.load(sys.stdin)["value"];print(len(v), len({o["properties"]["targetResource"]["id"].lower() for o in v}))')
    echo "accounts (listed, distinct, succeeded): $accounts; operations (rows, distinct targets): $ops"
    [ "$accounts" = "$COUNT $COUNT $COUNT" ] && [ "$ops" = "$COUNT $COUNT" ] || exit 1
    "${CURL[@]}" -X DELETE "${H[@]}" "$RG?$V" -o /dev/null
    ;;
esac
