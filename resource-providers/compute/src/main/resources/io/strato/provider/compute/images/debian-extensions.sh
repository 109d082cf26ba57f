#!/bin/sh
# Strato's extension agent for the Debian image (/usr/sbin/strato-extensions, run by strato-extensions.service as
# root once cloud-init has finished): runs the CustomScript extensions the appliance hands over on its script medium,
# as the tiny image's init does.
#
# The medium is the read-only virtio disk whose first tar member is STRATO-EXTENSIONS (found by that content, on
# whichever vdX it is); that member's content, at byte 512, is the medium's generation. The host rewrites the disk in
# place, so it is read with O_DIRECT (no stale page cache). When the generation changes the archive is unpacked, the
# generation checked again (a rewrite in between is picked up at the next poll), and every script of `list`
# (`name sequence file`) whose sequence has not run in this boot runs once, in
# /var/lib/waagent/custom-script/download/NAME with stdin from /dev/null. Its outcome goes to the serial console, where
# the appliance reads it:
#   STRATO-EXTENSION-START: name sequence
#   STRATO-EXTENSION-EXIT: name sequence exit stdout stderr     (the last 4 KiB of each output in base64, "-" if empty)
# Outcomes of earlier boots are kept by the appliance, which lists only scripts without an outcome, so a reboot does
# not run a finished script again. A name missing from `list` is forgotten: deleted and made again, it runs again.
# Uses only what a minimal Debian has: dash, coreutils (dd, base64, tail), tar.
set -u
umask 077
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
STATE=/run/strato-extensions
DONE=$STATE/done
MEDIUM=$STATE/medium
CONSOLE=/dev/ttyS0
[ -c "$CONSOLE" ] || CONSOLE=/dev/console
mkdir -p "$DONE"

# one write(2) per line: a tty write is not interleaved with other writers' lines
report() { printf '%s\n' "$*" | dd of="$CONSOLE" bs=65536 iflag=fullblock status=none 2>/dev/null; }

find_medium() {
  for b in /sys/class/block/vd*; do
    [ -e "$b/partition" ] && continue
    [ "$(cat "$b/ro" 2>/dev/null)" = 1 ] || continue
    d=/dev/${b##*/}
    [ -b "$d" ] || continue
    [ "$(dd if="$d" bs=512 count=1 iflag=direct 2>/dev/null | head -c 17)" = STRATO-EXTENSIONS ] && { echo "$d"; return 0; }
  done
  return 1
}

generation() { dd if="$EXT" bs=512 skip=1 count=1 iflag=direct 2>/dev/null | tr -d '\000'; }
tail64() { x=$(tail -c 4096 "$1" | base64 -w 0); echo "${x:--}"; }
listed() { while read -r ln _; do [ "$ln" = "$1" ] && return 0; done < "$MEDIUM/list"; return 1; }

run_extensions() {
  G=$(generation)
  case "$G" in ''|*[!0-9]*) return 0;; esac
  [ "$G" = "$LASTGEN" ] && return 0
  rm -rf "$MEDIUM"; mkdir -p "$MEDIUM"
  dd if="$EXT" bs=1M iflag=direct 2>/dev/null | tar -xf - -C "$MEDIUM" 2>/dev/null
  [ "$(generation)" = "$G" ] && [ "$(head -n 1 "$MEDIUM/STRATO-EXTENSIONS" 2>/dev/null)" = "$G" ] && [ -f "$MEDIUM/list" ] || return 0
  LASTGEN=$G
  for d in "$DONE"/*; do
    [ -f "$d" ] || continue
    listed "${d##*/}" || rm -f "$d"
  done
  while read -r n seq f; do
    case "$n" in ''|.|..|*[!A-Za-z0-9._-]*) continue;; esac
    case "$seq" in ''|*[!0-9-]*) continue;; esac
    case "$f" in ''|*/*) continue;; esac
    [ -f "$MEDIUM/$f" ] || continue
    [ "$(cat "$DONE/$n" 2>/dev/null)" = "$seq" ] && continue
    echo "running $n, sequence $seq"
    report "STRATO-EXTENSION-START: $n $seq"
    W=/var/lib/waagent/custom-script/download/$n
    rm -rf "$W"; mkdir -p "$W"
    # the agent's own files are private (umask 077); a script gets the usual umask for what it makes
    (cd "$W" && umask 022 && exec sh "$MEDIUM/$f" </dev/null >"$W/stdout" 2>"$W/stderr"); rc=$?
    echo "$seq" > "$DONE/$n"
    echo "$n, sequence $seq: exit $rc"
    report "STRATO-EXTENSION-EXIT: $n $seq $rc $(tail64 "$W/stdout") $(tail64 "$W/stderr")"
  done < "$MEDIUM/list"
}

EXT=""
LASTGEN=""
while true; do
  if [ -z "$EXT" ]; then
    if EXT=$(find_medium); then
      echo "script medium: $EXT"
      report "STRATO-EXTENSIONS: $EXT"
    else
      EXT=""; sleep 10; continue
    fi
  fi
  run_extensions
  sleep 2
done
