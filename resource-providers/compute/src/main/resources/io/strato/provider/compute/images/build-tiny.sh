#!/bin/sh
# Builds the "tiny Linux" platform image from Debian packages only (no internet beyond the Debian mirror):
# the kernel of linux-image-amd64 (as an uncompressed ELF with a PVH entry: under TCG this saves the in-guest
# xz decompression), an initramfs holding busybox-static, the virtio/vfat modules and tiny-init, and an
# empty 1 GiB qcow2 that OS disks are copy-on-write overlays of.
# usage: build-tiny.sh OUTDIR      needs: apt-get, dpkg, busybox-static, cpio, gzip, python3, qemu-img
# The result appears atomically: OUTDIR/image.json is written last.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$1
[ -f "$OUT/image.json" ] && exit 0
WORK="$OUT.build.$$"
rm -rf "$WORK"; mkdir -p "$WORK/pkgs"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK/pkgs"
KPKG=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
[ -n "$KPKG" ] || { echo "linux-image-amd64 is not known to apt (run apt-get update)" >&2; exit 1; }
apt-get download "$KPKG" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get download "$KPKG" >/dev/null; }
BUSYBOX=/bin/busybox
if ! file -L "$BUSYBOX" 2>/dev/null | grep -q static && ! ldd "$BUSYBOX" 2>&1 | grep -q "not a dynamic"; then
  apt-get download busybox-static >/dev/null
  dpkg -x busybox-static_*.deb bb; BUSYBOX=$WORK/pkgs/bb/bin/busybox
fi
cd "$WORK"
dpkg -x pkgs/${KPKG}_*.deb kroot
KVER=${KPKG#linux-image-}
python3 - kroot/boot/vmlinuz-$KVER vmlinux <<'PY'
import lzma, sys
d = open(sys.argv[1], 'rb').read(); i = d.find(b'\xfd7zXZ\x00')
open(sys.argv[2], 'wb').write(lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(d[i:]))
PY
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
printf '{"kernel":"%s","built":"%s","kernelCommandLine":"console=ttyS0 quiet panic=-1"}\n' "$KVER" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$OUT/image.json.tmp"
mv "$OUT/image.json.tmp" "$OUT/image.json"
