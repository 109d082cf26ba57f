#!/usr/bin/env bash
# Checks recorded ARM traffic against Azure's OpenAPI specs with Microsoft's validator oav (oav validate-traffic).
#
#   tests/oav/validate.sh TRAFFIC_DIR
#
# TRAFFIC_DIR holds one oav exchange file per request, as the appliance writes them when it is started with
# -Dstrato.traffic.dir=TRAFFIC_DIR (io.strato.server.gateway.TrafficRecorder; a test tool: the folder then holds
# account keys, never enable it in production). Specs: $STRATO_SPECS, else <repo>/../shared/specs; when neither
# exists the check prints SKIPPED and exits 0. oav 4 is installed with npm into ${STRATO_CACHE:-~/.cache/strato}/oav.
#
# Each exchange is routed by the namespace in its URL (the segment after the last /providers/, Microsoft.Resources
# when there is none) and its api-version to the spec folder <Namespace>/<api-version>, and oav runs once per folder
# (oav matches the api-version exactly; a request without a folder counts as an undefined operation, except at the few
# namespace/api-version pairs of UNSPECCED in traffic.cjs, which unmodified clients send but the shared specs lack:
# those are counted and printed as NOT CHECKED, each with its reason). Left out,
# and counted in the output:
#   * the health probe /healthz (not an ARM operation),
#   * long-running-operation polling URLs (.../locations/{l}/asyncoperations|operationResults|operationStatuses/{id},
#     .../deployments/{name}/operationStatuses/{id},
#     /subscriptions/{s}/providers/Microsoft.Resources/operationResults/{id}): opaque URLs that no spec describes.
# Provider calls ([/subscriptions/{s}]/providers[/{namespace}[/register|/unregister]]) are checked although the specs
# README lists them as uncheckable: oav files their path templates, which name no namespace, under "microsoft.unknown"
# and looks a request up under the namespace in its URL, so the namespace segment of such a URL is set to
# Microsoft.Unknown (traffic.cjs). oav 4.0.3 then keeps a result only when the spec file's path contains that
# namespace; otherwise it drops the result and crashes printing "Undefined operation" ("Converting circular structure
# to JSON", the Providers_List crash of the README). Hence the spec copy lives in a folder named microsoft.unknown.
#
# Findings that are errors of the spec rather than of the server (KNOWN_SPEC_ISSUES in traffic.cjs, each with its
# evidence) are printed as KNOWN and not counted; OAV_STRICT=1 counts them.
#
# Exit status: 0 when oav reports no error, no runtime failure and no undefined operation; 1 otherwise, after a
# compact summary (operationId, api-version, code, message, JSON path in the payload, one example file).
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TRAFFIC="${1:?usage: tests/oav/validate.sh TRAFFIC_DIR}"
[ -d "$TRAFFIC" ] || { echo "oav: no traffic folder $TRAFFIC"; exit 1; }
TRAFFIC="$(cd "$TRAFFIC" && pwd)"
SPECS="${STRATO_SPECS:-$ROOT/../shared/specs}"
if [ ! -d "$SPECS" ]; then
  echo "oav: SKIPPED (no spec folder: set STRATO_SPECS or provide $ROOT/../shared/specs)"
  exit 0
fi
SPECS="$(cd "$SPECS" && pwd)"
command -v node >/dev/null && command -v npm >/dev/null || { echo "oav: node and npm are needed"; exit 1; }
OAV_HOME="${STRATO_CACHE:-$HOME/.cache/strato}/oav"
OAV="$OAV_HOME/node_modules/.bin/oav"
if [ ! -x "$OAV" ]; then
  echo "oav: installing oav@4 into $OAV_HOME"
  mkdir -p "$OAV_HOME" && (cd "$OAV_HOME" && npm install --no-audit --no-fund --loglevel=error oav@4 >/dev/null) \
    || { echo "oav: npm install oav@4 failed"; exit 1; }
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/strato-oav.XXXXXX")"   # 0700: the copied exchanges may hold account keys
mkdir -p "$WORK/out" "$WORK/microsoft.unknown"
node "$HERE/traffic.cjs" prepare "$TRAFFIC" "$SPECS" "$WORK" || { echo "oav: cannot read the traffic"; exit 1; }

# oav sometimes loads examples/ as specs, depending on where it runs (specs README); give it a copy without them.
COPY="$WORK/microsoft.unknown"
(cd "$SPECS" && find . -name '*.json' -not -path '*/examples/*' -exec cp --parents -t "$COPY" {} +) \
  || { echo "oav: cannot copy the specs"; exit 1; }

while read -r group; do
  [ -n "$group" ] || continue
  name="${group/\//__}"
  # -r "": no HTML report (its template is missing from the package); -f: the log stays in $WORK
  (cd "$WORK" && "$OAV" validate-traffic "$WORK/traffic/$group" "$COPY/$group" -r "" -l warn \
      --jsonReport "$WORK/out/$name.report.json" -f "$WORK/out/$name.log") >"$WORK/out/$name.txt" 2>&1
  echo $? >"$WORK/out/$name.txt.rc"
done <"$WORK/groups.txt"

node "$HERE/traffic.cjs" summarize "$WORK"
rc=$?
[ "$rc" = 0 ] && rm -rf "$WORK"   # kept on failure for the details
exit "$rc"
