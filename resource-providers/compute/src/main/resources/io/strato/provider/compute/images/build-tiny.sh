#!/bin/sh
# Builds the "tiny Linux" platform image from Debian packages only (no internet beyond the Debian mirror):
# the kernel of linux-image-amd64 (as an uncompressed ELF with a PVH entry: under TCG this saves the in-guest
# xz decompression), an initramfs holding busybox-static, the virtio/vfat modules and tiny-init, and an
# empty 1 GiB qcow2 that OS disks are copy-on-write overlays of.
# The kernel command line (fast-boot.cmdline) skips what costs seconds under TCG and nothing on a guest: the crypto
# self-tests, timer and PS/2 probes, the watchdog.
# usage: build-tiny.sh OUTDIR      needs: apt-get, dpkg, busybox-static, cpio, gzip, python3, qemu-img
# The result appears atomically: OUTDIR/image.json is written last.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$1
[ -f "$OUT/image.json" ] && exit 0
WORK="$OUT.build.$$"
rm -rf "$WORK"; mkdir -p "$WORK/pkgs"
trap 'rm -rf "$WORK"' EXIT
. "$HERE/debian-kernel.sh"
debian_kernel "$WORK"            # -> $WORK/vmlinux, $WORK/kroot, KVER
BUSYBOX=/bin/busybox
if ! file -L "$BUSYBOX" 2>/dev/null | grep -q static && ! ldd "$BUSYBOX" 2>&1 | grep -q "not a dynamic"; then
  (cd "$WORK/pkgs" && apt-get download busybox-static >/dev/null && dpkg -x busybox-static_*.deb bb); BUSYBOX=$WORK/pkgs/bb/bin/busybox
fi
cd "$WORK"
mkdir -p initramfs/bin initramfs/dev initramfs/proc initramfs/sys initramfs/tmp initramfs/mnt/seed \
         initramfs/lib/modules initramfs/usr/share/udhcpc initramfs/etc
cp "$BUSYBOX" initramfs/bin/busybox
for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci failover net_failover \
         virtio_net virtio_blk fat vfat nls_cp437 nls_ascii nls_utf8; do
  f=$(find kroot/lib/modules/$KVER -name "$m.ko" | head -1)
  [ -n "$f" ] && cp "$f" initramfs/lib/modules/
done
install -m 755 "$HERE/tiny-init" initramfs/init
install -m 755 "$HERE/udhcpc.script" initramfs/usr/share/udhcpc/default.script
(cd initramfs && find . | cpio -o -H newc --quiet | gzip -1) > initramfs.cpio.gz
qemu-img create -q -f qcow2 disk.qcow2 1G
mkdir -p "$OUT"
mv vmlinux initramfs.cpio.gz disk.qcow2 "$OUT/"
# acpi=off: no ACPI tables to parse or PCI links to route (a second under TCG); the busybox init has no use for them
printf '{"kernel":"%s","built":"%s","kernelCommandLine":"%s"}\n' "$KVER" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  "console=ttyS0 quiet panic=-1 acpi=off $(cat "$HERE/fast-boot.cmdline")" > "$OUT/image.json.tmp"
mv "$OUT/image.json.tmp" "$OUT/image.json"
