#!/bin/sh
# Builds the Debian 12 ("bookworm") minimal platform image with debootstrap, from Debian packages only (the apt
# mirror this host uses; nothing prebuilt is downloaded):
#  - a root file system: debootstrap --variant=minbase plus systemd, cloud-init (the NoCloud seed: host name, admin
#    user and SSH keys, password, customData), openssh-server and sudo, the kernel's modules, and no SSH host keys
#    (cloud-init makes each VM its own); stored as an ext4 file system on the qcow2 disk OS disks are overlays of;
#  - strato-extensions (debian-extensions.sh, a systemd service started after cloud-init): runs the CustomScript
#    extensions the appliance hands over on the script medium and reports their outcomes on the serial console;
#  - the kernel of linux-image-amd64, booted directly as an uncompressed ELF with a PVH entry, and a small initramfs
#    (busybox, the virtio and ext4 modules, debian-initramfs-init) that mounts /dev/vda and hands over to systemd.
# usage: build-debian.sh OUTDIR     as root; needs debootstrap, apt-get, dpkg, busybox-static, cpio, gzip, python3,
#                                   qemu-img, mkfs.ext4 (e2fsprogs). STRATO_DEBIAN_MIRROR overrides the mirror.
# The result appears atomically: OUTDIR/image.json is written last.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$1
[ -f "$OUT/image.json" ] && exit 0
SUITE=bookworm
MIRROR=${STRATO_DEBIAN_MIRROR:-$(apt-get indextargets --format '$(SITE) $(RELEASE) $(COMPONENT)' 'Identifier: Packages' 2>/dev/null \
  | awk -v s=$SUITE '$2 == s && $3 == "main" {print $1; exit}')}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
WORK="$OUT.build.$$"
rm -rf "$WORK"; mkdir -p "$WORK/pkgs"
trap 'rm -rf --one-file-system "$WORK"' EXIT
step() { echo "build-debian: $(date -u +%H:%M:%S) $*"; }

step "kernel"
. "$HERE/debian-kernel.sh"
debian_kernel "$WORK"            # -> $WORK/vmlinux, $WORK/kroot, KVER

step "debootstrap $SUITE from $MIRROR"
R=$WORK/root
# in two stages, so that dpkg skips its fsyncs from the start: the disk image is made from the tree afterwards
debootstrap --foreign --variant=minbase "$SUITE" "$R" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 || { tail -30 "$WORK/debootstrap.log" >&2; exit 1; }
mkdir -p "$R/etc/dpkg/dpkg.cfg.d"
echo force-unsafe-io > "$R/etc/dpkg/dpkg.cfg.d/strato-build"
chroot "$R" /debootstrap/debootstrap --second-stage >>"$WORK/debootstrap.log" 2>&1 || { tail -30 "$WORK/debootstrap.log" >&2; exit 1; }
step "packages"
# debootstrap's own resolver cannot configure cloud-init's Python stack: apt inside the new system does it, without
# starting services.
printf '#!/bin/sh\nexit 101\n' > "$R/usr/sbin/policy-rc.d"; chmod 755 "$R/usr/sbin/policy-rc.d"
mount -t proc proc "$R/proc"
trap 'umount "$R/proc" 2>/dev/null; rm -rf --one-file-system "$WORK"' EXIT
chroot "$R" apt-get -q update >"$WORK/apt.log" 2>&1 || { tail -30 "$WORK/apt.log" >&2; exit 1; }
DEBIAN_FRONTEND=noninteractive chroot "$R" apt-get -q install -y --no-install-recommends \
  systemd-sysv udev kmod cloud-init openssh-server sudo iproute2 netbase ca-certificates >>"$WORK/apt.log" 2>&1 \
  || { tail -30 "$WORK/apt.log" >&2; exit 1; }
umount "$R/proc"
trap 'rm -rf --one-file-system "$WORK"' EXIT
rm -f "$R/etc/dpkg/dpkg.cfg.d/strato-build" "$R/usr/sbin/policy-rc.d"
mkdir -p "$R/lib/modules"
# the modules a virtual machine can use: no graphics, sound, media, wireless, bluetooth or physical NICs
M=$WORK/kroot/lib/modules/$KVER/kernel
rm -rf "$M/sound" "$M/drivers/gpu" "$M/drivers/media" "$M/drivers/net/wireless" "$M/drivers/net/ethernet" \
  "$M/drivers/infiniband" "$M/drivers/staging" "$M/drivers/bluetooth" "$M/drivers/iio" "$M/drivers/isdn" \
  "$M/drivers/usb" "$M/drivers/hid" "$M/drivers/input/touchscreen" "$M/drivers/input/joystick" "$M/drivers/net/can" \
  "$M/net/wireless" "$M/net/mac80211" "$M/net/bluetooth"
cp -a "$WORK/kroot/lib/modules/$KVER" "$R/lib/modules/"
chroot "$R" depmod "$KVER"
rm -f "$R"/etc/ssh/ssh_host_*
echo debian > "$R/etc/hostname"
printf '/dev/vda / ext4 rw,discard,errors=remount-ro 0 1\n' > "$R/etc/fstab"
install -m 644 "$HERE/debian-cloud.cfg" "$R/etc/cloud/cloud.cfg.d/90-strato.cfg"
install -m 755 "$HERE/debian-extensions.sh" "$R/usr/sbin/strato-extensions"
install -m 644 "$HERE/debian-extensions.service" "$R/etc/systemd/system/strato-extensions.service"
chroot "$R" systemctl enable strato-extensions.service >/dev/null 2>&1
[ -L "$R/etc/systemd/system/multi-user.target.wants/strato-extensions.service" ] || { echo "strato-extensions.service is not enabled" >&2; exit 1; }
# systemd-networkd carries the addresses cloud-init renders from the seed's network-config
chroot "$R" systemctl enable systemd-networkd.service >/dev/null 2>&1
# a host that only reports its boot to the console: no waiting for a network that is configured statically
chroot "$R" systemctl mask systemd-networkd-wait-online.service apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer \
  e2scrub_reap.service >/dev/null 2>&1
chroot "$R" apt-get clean
rm -rf "$R"/var/lib/apt/lists/* "$R"/var/log/*.log "$R/etc/machine-id" "$R/var/lib/dbus/machine-id"
: > "$R/etc/machine-id"

step "initramfs"
BUSYBOX=/bin/busybox
if ! file -L "$BUSYBOX" 2>/dev/null | grep -q static && ! ldd "$BUSYBOX" 2>&1 | grep -q "not a dynamic"; then
  (cd "$WORK/pkgs" && apt-get download busybox-static >/dev/null && dpkg -x busybox-static_*.deb bb); BUSYBOX=$WORK/pkgs/bb/bin/busybox
fi
I=$WORK/initramfs
mkdir -p "$I/bin" "$I/dev" "$I/proc" "$I/sys" "$I/newroot" "$I/lib/modules"
cp "$BUSYBOX" "$I/bin/busybox"
for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_blk crc16 mbcache jbd2 crc32c_generic ext4; do
  f=$(find "$WORK/kroot/lib/modules/$KVER" -name "$m.ko" | head -1)
  [ -n "$f" ] && cp "$f" "$I/lib/modules/"
done
install -m 755 "$HERE/debian-initramfs-init" "$I/init"
(cd "$I" && find . | cpio -o -H newc --quiet | gzip -1) > "$WORK/initramfs.cpio.gz"

step "disk"
SIZE=$(( $(du -sm "$R" | cut -f1) + 512 ))
mkfs.ext4 -q -L root -d "$R" "$WORK/root.ext4" "${SIZE}M"
# the file system fills the image's 4 GiB disk; cloud-init grows it further when an OS disk is bigger
qemu-img convert -q -f raw -O qcow2 "$WORK/root.ext4" "$WORK/disk.qcow2"
rm -f "$WORK/root.ext4"
qemu-img resize -q "$WORK/disk.qcow2" 4G
mkdir -p "$OUT"
mv "$WORK/vmlinux" "$WORK/initramfs.cpio.gz" "$WORK/disk.qcow2" "$OUT/"
printf '{"kernel":"%s","suite":"%s","mirror":"%s","built":"%s","kernelCommandLine":"%s"}\n' "$KVER" "$SUITE" "$MIRROR" \
  "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "console=ttyS0 root=/dev/vda rw quiet panic=-1 $(cat "$HERE/fast-boot.cmdline")" > "$OUT/image.json.tmp"
mv "$OUT/image.json.tmp" "$OUT/image.json"
step "done: $OUT"
