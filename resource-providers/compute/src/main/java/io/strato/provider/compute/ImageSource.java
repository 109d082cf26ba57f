package io.strato.provider.compute;

import java.nio.file.Path;

/** Where platform images come from: ready to boot, still being built, or not buildable here. */
public interface ImageSource {
    /** Asks for an image; starts building it when it is missing. Returns promptly. */
    Availability resolve(PlatformImages.PlatformImage image);

    sealed interface Availability permits Ready, Building, Unavailable {}

    record Ready(Machine.BootImage boot) implements Availability {}

    record Building() implements Availability {}

    record Unavailable(String reason) implements Availability {}

    /** Every image is ready at once, with files that do not exist: for the in-memory driver. */
    static ImageSource fake() {
        return image -> new Ready(new Machine.BootImage(Path.of("/nonexistent/vmlinux"), Path.of("/nonexistent/initramfs"),
                "console=ttyS0", Path.of("/nonexistent/disk.qcow2"), image.readyMarker()));
    }
}
