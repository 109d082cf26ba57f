#!/usr/bin/env bash
# Runs every test of Strato on this machine, installing what they need first:
#   1. unit and component tests of every module (mvn install)
#   2. a real appliance started from the built jar on embedded defaults (PostgreSQL, Keycloak, HTTPS)
#   3. against it: the unmodified Azure CLI (both profiles), the Azure JS SDKs (latest + hybrid profile),
#      the Blob endpoint with az, the Azure Storage SDKs for JavaScript and Java (tests/blob, BlobSdkIT),
#      the Azure Java SDK and the black-box API suite (tests/), then a restart that must keep every resource.
# Environment: STRATO_TEST_PORT (default 18443), KEEP_APPLIANCE=1 leaves it running, SKIP_UNIT=1 skips step 1.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
export PATH="$JAVA_HOME/bin:$PATH"
WORK="${STRATO_TEST_WORK:-$(mktemp -d /tmp/strato-test.XXXXXX)}"
mkdir -p "$WORK"
PORT="${STRATO_TEST_PORT:-18443}"
DATA="$WORK/data"
FAILED=()
log() { echo "=== $(date +%H:%M:%S) $*"; }
fail() { FAILED+=("$1"); echo "FAILED: $1"; }

install_prerequisites() {
  local pkgs=()
  command -v az >/dev/null || pkgs+=(azure-cli)
  command -v unzip >/dev/null || pkgs+=(unzip)
  command -v wrk >/dev/null || pkgs+=(wrk)
  command -v bc >/dev/null || pkgs+=(bc)
  command -v curl >/dev/null || pkgs+=(curl)
  command -v runc >/dev/null || pkgs+=(runc)
  command -v crun >/dev/null || pkgs+=(crun)
  [ -x /bin/busybox ] || pkgs+=(busybox-static)
  command -v jq >/dev/null || pkgs+=(jq)
  command -v qemu-system-x86_64 >/dev/null || pkgs+=(qemu-system-x86)
  command -v cpio >/dev/null || pkgs+=(cpio)
  # the network driver and its root tests: iproute2, nftables, nsenter (util-linux); busybox (nc in the test namespaces) is above
  command -v ip >/dev/null || pkgs+=(iproute2)
  command -v nft >/dev/null || pkgs+=(nftables)
  command -v nsenter >/dev/null || pkgs+=(util-linux)
  command -v python3 >/dev/null || pkgs+=(python3)   # UDP echo in the network root tests
  # Microsoft.Compute: QEMU guests, qcow2 disks, the NoCloud seed (vfat via dosfstools + mtools), the tiny image build
  command -v qemu-system-x86_64 >/dev/null || pkgs+=(qemu-system-x86)
  command -v qemu-img >/dev/null || pkgs+=(qemu-utils)
  command -v cpio >/dev/null || pkgs+=(cpio)
  command -v mkfs.vfat >/dev/null || pkgs+=(dosfstools)
  command -v mcopy >/dev/null || pkgs+=(mtools)
  command -v ssh-keygen >/dev/null || pkgs+=(openssh-client)
  # the Debian 12 platform image: debootstrap, and mkfs.ext4 -d (e2fsprogs) to fill its disk without mounting it
  command -v debootstrap >/dev/null || pkgs+=(debootstrap)
  command -v mkfs.ext4 >/dev/null || pkgs+=(e2fsprogs)
  if [ ${#pkgs[@]} -gt 0 ]; then
    log "installing ${pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=1200 update -qq && apt-get -o DPkg::Lock::Timeout=1200 install -y -qq "${pkgs[@]}" >/dev/null
  fi
  if [ -d "$ROOT/../shared/clients" ]; then
    for f in az_e2e.sh t.json t-comments.json js/e2e.cjs js/package.json js/package-lock.json; do
      cmp -s "$ROOT/../shared/clients/$f" "$ROOT/tests/clients/$f" || { echo "tests/clients/$f differs from shared/clients/$f"; exit 1; }
    done
  fi
  if [ ! -d "$ROOT/tests/blob/js/node_modules" ]; then
    log "npm ci (Azure Storage SDK for JavaScript)"
    (cd "$ROOT/tests/blob/js" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci (blob)"
  fi
  if [ ! -d "$ROOT/tests/clients/js/node_modules" ]; then
    log "npm ci (Azure JS SDKs)"
    (cd "$ROOT/tests/clients/js" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci"
  fi
}

start_appliance() {
  log "starting the appliance (data $DATA, port $PORT)"
  # the traffic recorder (a test tool: the folder gets account keys) feeds the oav check after the client runs
  STRATO_JAVA_OPTS="${STRATO_JAVA_OPTS:-} -Dstrato.traffic.dir=$WORK/traffic" \
    "$ROOT/strato" up --data "$DATA" --port "$PORT" >"$WORK/server.log" 2>&1 &
  echo $! >"$WORK/server.pid"
  for _ in $(seq 1 600); do
    # ready = a client can log in: the token endpoint answers once Keycloak runs
    if [ -f "$DATA/bootstrap.env" ] && ( set -a; . "$DATA/bootstrap.env"; set +a
        curl -fsS --cacert "$DATA/tls/ca.pem" --data-urlencode grant_type=client_credentials --data-urlencode "client_id=$CLIENT_ID" \
          --data-urlencode "client_secret=$CLIENT_SECRET" "https://127.0.0.1:$PORT/adfs/oauth2/token" | grep -q access_token ) 2>/dev/null; then
      log "appliance ready"; return 0
    fi
    kill -0 "$(cat "$WORK/server.pid")" 2>/dev/null || { tail -50 "$WORK/server.log"; return 1; }
    sleep 1
  done
  tail -50 "$WORK/server.log"; return 1
}

stop_appliance() {
  [ -f "$WORK/server.pid" ] || return 0
  local pid; pid=$(cat "$WORK/server.pid")
  kill "$pid" 2>/dev/null
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -9 "$pid" 2>/dev/null
  rm -f "$WORK/server.pid"
}
trap '[ "${KEEP_APPLIANCE:-0}" = 1 ] || stop_appliance' EXIT


run_az() {
  local profile="$1" out="$WORK/az-$1.txt"
  log "az CLI end-to-end, profile $profile"
  ( set -a; . "$DATA/bootstrap.env"; set +a
    CA_BUNDLE="$DATA/tls/ca.pem" PROFILE="$profile" TMPDIR="$WORK" bash "$ROOT/tests/clients/az_e2e.sh" ) >"$out" 2>&1
  cat "$out"
  grep -q '^FAIL' "$out" && fail "az e2e ($profile)"
  grep -q '^SUMMARY' "$out" || fail "az e2e ($profile) did not finish"
}

run_aci() {
  local out="$WORK/aci.txt"
  log "containers end-to-end: az container against real runc containers"
  ( set -a; . "$DATA/bootstrap.env"; set +a
    CA_BUNDLE="$DATA/tls/ca.pem" TMPDIR="$WORK" bash "$ROOT/tests/containers/aci_e2e.sh" ) >"$out" 2>&1
  cat "$out"
  grep -q '^FAIL' "$out" && fail "aci e2e"
  grep -q '^SUMMARY' "$out" || fail "aci e2e did not finish"
}

run_js() {
  local pkg="$1" out="$WORK/js-$1.txt"
  log "JS SDK end-to-end, PKG=$pkg AUTH=secret"
  ( set -a; . "$DATA/bootstrap.env"; set +a
    cd "$ROOT/tests/clients/js" && NODE_EXTRA_CA_CERTS="$DATA/tls/ca.pem" ARM_ENDPOINT="${ARM_ENDPOINT%/}" SUB="$SUBSCRIPTION_ID" \
      PKG="$pkg" AUTH=secret RG="rg-js-$pkg" node e2e.cjs ) >"$out" 2>&1
  cat "$out"
  grep -q '^FAIL' "$out" && fail "js e2e ($pkg)"
  grep -q '^SUMMARY' "$out" || fail "js e2e ($pkg) did not finish"
}

run_az_network() {
  local profile="$1" out="$WORK/az-network-$1.txt"
  log "az network flows, profile $profile"
  ( set -a; . "$DATA/bootstrap.env"; set +a
    CA_BUNDLE="$DATA/tls/ca.pem" PROFILE="$profile" TMPDIR="$WORK" bash "$ROOT/tests/az-network.sh" ) >"$out" 2>&1
  cat "$out"
  grep -q '^FAIL' "$out" && fail "az network ($profile)"
  grep -q '^SUMMARY' "$out" || fail "az network ($profile) did not finish"
}

# Blob endpoint, host style: the test accounts' ACCOUNT.blob.SUFFIX names resolve to this machine (an operator's DNS
# does this in production). Idempotent: a line is added only when missing.
BLOB_ACCOUNTS=(stratoblobaz stratoblobjava stratoblobjs stratoextfiles)
blob_hosts() {
  for a in "${BLOB_ACCOUNTS[@]}"; do
    grep -q "[[:space:]]$a.blob.storage.strato.local\b" /etc/hosts 2>/dev/null || echo "127.0.0.1 $a.blob.storage.strato.local" >>/etc/hosts
  done
}

run_az_blob() {
  local out="$WORK/az-blob.txt"
  log "az CLI against the Blob endpoint (containers, blobs, SAS, refusals)"
  ( set -a; . "$DATA/bootstrap.env"; set +a
    CA_BUNDLE="$DATA/tls/ca.pem" SA=stratoblobaz TMPDIR="$WORK" bash "$ROOT/tests/blob/az_blob_e2e.sh" ) >"$out" 2>&1
  cat "$out"
  grep -q '^FAIL' "$out" && fail "az blob e2e"
  grep -q '^SUMMARY' "$out" || fail "az blob e2e did not finish"
}

# File endpoint, host style: the test account's ACCOUNT.file.SUFFIX resolves to this machine, as for Blob above
FILE_ACCOUNTS=(stratofileaz)
file_hosts() {
  for a in "${FILE_ACCOUNTS[@]}"; do
    grep -q "[[:space:]]$a.file.storage.strato.local\b" /etc/hosts 2>/dev/null || echo "127.0.0.1 $a.file.storage.strato.local" >>/etc/hosts
  done
}

run_az_file() {
  local out="$WORK/az-file.txt"
  log "az CLI against the File endpoint (shares, directories, files, quota, refusals)"
  ( set -a; . "$DATA/bootstrap.env"; set +a
    CA_BUNDLE="$DATA/tls/ca.pem" SA=stratofileaz TMPDIR="$WORK" bash "$ROOT/tests/file/az_file_e2e.sh" ) >"$out" 2>&1
  cat "$out"
  grep -q '^FAIL' "$out" && fail "az file e2e"
  grep -q '^SUMMARY' "$out" || fail "az file e2e did not finish"
}

run_js_blob() {
  local out="$WORK/js-blob.txt"
  log "Azure Storage SDK for JavaScript against the Blob endpoint (256 MiB in blocks, ranges, SAS, refusals)"
  ( set -a; . "$DATA/bootstrap.env"; set +a
    cd "$ROOT/tests/blob/js" && NODE_EXTRA_CA_CERTS="$DATA/tls/ca.pem" SA=stratoblobjs TMPDIR="$WORK" node blob-e2e.cjs ) >"$out" 2>&1
  cat "$out"
  grep -q '^FAIL' "$out" && fail "js blob e2e"
  grep -q '^SUMMARY' "$out" || fail "js blob e2e did not finish"
}

run_java_e2e() {
  log "Java end-to-end suite (tests/): Azure SDK for Java and black-box API checks"
  mvn -B -q -f "$ROOT/pom.xml" -pl tests verify -DskipE2e=false -Dstrato.bootstrap="$DATA/bootstrap.env" "$@" || fail "java e2e $*"
}

run_compute() {
  local out="$WORK/compute.txt"
  log "Microsoft.Compute end-to-end: real QEMU guests through the API and the az CLI"
  TMPDIR="$WORK" bash "$ROOT/tests/compute-e2e.sh" "$DATA" >"$out" 2>&1
  cat "$out"
  grep -q '^FAIL' "$out" && fail "compute e2e"
  grep -q '^SUMMARY' "$out" || fail "compute e2e did not finish"
}

run_az_locks() {
  local out="$WORK/az-locks.txt"
  log "management locks with the az CLI"
  TMPDIR="$WORK" bash "$ROOT/tests/az-locks.sh" "$DATA" >"$out" 2>&1
  cat "$out"
  grep -q '^FAIL' "$out" && fail "az locks"
  grep -q '^SUMMARY' "$out" || fail "az locks did not finish"
}

run_vm_aci() {
  local out="$WORK/vm-aci.txt"
  log "a VM and a container group on one virtual network: traffic between them, and a security rule that blocks it"
  TMPDIR="$WORK" bash "$ROOT/tests/vm-aci-e2e.sh" "$DATA" >"$out" 2>&1
  cat "$out"
  grep -q '^FAIL' "$out" && fail "vm-aci e2e"
  grep -q '^SUMMARY' "$out" || fail "vm-aci e2e did not finish"
}

run_vmss() {
  local out="$WORK/vmss.txt"
  log "Microsoft.Compute scale sets end-to-end: instances as real QEMU guests through the API and the az CLI"
  TMPDIR="$WORK" bash "$ROOT/tests/vmss-e2e.sh" "$DATA" >"$out" 2>&1
  cat "$out"
  grep -q '^FAIL' "$out" && fail "vmss e2e"
  grep -q '^SUMMARY' "$out" || fail "vmss e2e did not finish"
}

install_prerequisites
if [ "${SKIP_UNIT:-0}" != 1 ]; then
  log "unit and component tests"
  mvn -B -f "$ROOT/pom.xml" install -Dstyle.color=never 2>&1 | grep -E 'Tests run:|ERROR|FAIL|BUILD' | grep -v '^\[INFO\] Tests run: .*, Failures: 0, Errors: 0, Skipped: 0$' ; [ "${PIPESTATUS[0]}" = 0 ] || fail "mvn install"
else
  "$ROOT/strato" build || fail "build"
fi
start_appliance || { fail "appliance start"; printf '%s\n' "${FAILED[@]}"; exit 1; }
run_az latest
run_az 2020-09-01-hybrid
run_js classic
# the latest profile's network commands crash inside Debian's az 2.45 (no SDK models for 2022-01-01): hybrid only
run_az_network 2020-09-01-hybrid
run_aci
run_az_locks
# oav: the traffic so far (az, both profiles; hybrid-profile JS; az network; az container; az lock). The latest JS
# packages send api-versions with no spec here, so they run after it.
log "oav: client traffic against Azure's OpenAPI specs"
"$ROOT/tests/oav/validate.sh" "$WORK/traffic" || fail "oav"
run_js latest
blob_hosts
run_az_blob
run_js_blob
file_hosts
run_az_file
run_java_e2e
run_compute
run_vm_aci
run_vmss
log "restart: every resource must survive"
stop_appliance
start_appliance || fail "appliance restart"
run_java_e2e -Dit.test=RestartSurvivalIT -Dstrato.after-restart=true
log "crash: a server killed mid-deployment finishes it after restart, nothing duplicated or lost"
if "$ROOT/tests/deployment-crash.sh" start "$DATA"; then
  sleep 0.3
  kill -9 "$(cat "$WORK/server.pid")" 2>/dev/null; rm -f "$WORK/server.pid"
  start_appliance || fail "appliance restart after SIGKILL"
  "$ROOT/tests/deployment-crash.sh" check "$DATA" || fail "deployment after SIGKILL"
  # blobs committed before the kill (one kept in its row, one in a file) are still whole
  run_java_e2e -Dit.test=RestartSurvivalIT -Dstrato.after-restart=true
else
  fail "deployment crash test could not start"
fi

if [ ${#FAILED[@]} -gt 0 ]; then
  echo; echo "FAILED: ${FAILED[*]}"; echo "logs in $WORK"; exit 1
fi
echo; echo "ALL TESTS PASSED (logs in $WORK)"
