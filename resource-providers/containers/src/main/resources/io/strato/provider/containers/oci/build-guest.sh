#!/bin/sh
# Builds the guest of VM-isolated container groups from Debian packages: an uncompressed kernel (vmlinux, booted
# directly, which saves the in-guest decompression under TCG) and a busybox initramfs with the virtio, 9p modules.
# usage: build-guest.sh OUTDIR INIT ; needs apt (a reachable Debian mirror), busybox-static, cpio, python3
set -eu
OUT=$1; INIT=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
mkdir -p "$OUT/pkgs"; cd "$OUT/pkgs"
KPKG=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
ls ${KPKG}_*.deb >/dev/null 2>&1 || apt-get download "$KPKG" >/dev/null 2>&1
cd "$OUT"; rm -rf kroot; dpkg -x pkgs/${KPKG}_*.deb kroot
KVER=${KPKG#linux-image-}
python3 - "$OUT/kroot/boot/vmlinuz-$KVER" "$OUT/vmlinux.tmp" <<'PY'
import lzma, sys
d = open(sys.argv[1], 'rb').read(); i = d.find(b'\xfd7zXZ\x00')
open(sys.argv[2], 'wb').write(lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(d[i:]))
PY
rm -rf initramfs; mkdir -p initramfs/bin initramfs/dev initramfs/proc initramfs/sys initramfs/tmp initramfs/lib/modules
cp /bin/busybox initramfs/bin/busybox
for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci failover net_failover virtio_net \
         netfs fscache 9pnet 9pnet_virtio 9p; do
  cp "$(find kroot/lib/modules/$KVER -name "$m.ko" | head -1)" initramfs/lib/modules/
done
install -m 755 "$INIT" initramfs/init
(cd initramfs && find . | cpio -o -H newc --quiet | gzip -1) > initramfs.cpio.gz.tmp
rm -rf kroot initramfs
mv initramfs.cpio.gz.tmp initramfs.cpio.gz; mv vmlinux.tmp vmlinux
