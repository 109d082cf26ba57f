# Sourced by the image builders: debian_kernel WORK fetches linux-image-amd64 through apt and leaves
# WORK/kroot (the unpacked package), WORK/vmlinux (the kernel as an uncompressed ELF with a PVH entry, which QEMU
# boots directly and which spares a guest under TCG its xz decompression) and KVER.
debian_kernel() {
  KPKG=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
  [ -n "$KPKG" ] || { echo "linux-image-amd64 is not known to apt (run apt-get update)" >&2; return 1; }
  (cd "$1/pkgs" && { apt-get download "$KPKG" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get download "$KPKG" >/dev/null; }; })
  dpkg -x "$1"/pkgs/${KPKG}_*.deb "$1/kroot"
  KVER=${KPKG#linux-image-}
  python3 - "$1/kroot/boot/vmlinuz-$KVER" "$1/vmlinux" <<'PY'
import lzma, sys
d = open(sys.argv[1], 'rb').read(); i = d.find(b'\xfd7zXZ\x00')
open(sys.argv[2], 'wb').write(lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(d[i:]))
PY
}
