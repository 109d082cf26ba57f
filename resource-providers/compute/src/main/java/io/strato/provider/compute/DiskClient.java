package io.strato.provider.compute;

import io.strato.model.ArmError;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.spi.ExternalClient;
import io.strato.spi.Observation;
import io.strato.spi.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Managed disks as qcow2 files ({@link DiskFiles}): {@code Empty} makes a sparse file of the size, {@code Copy} a full
 * copy of the source disk, {@code FromImage} a flattened copy of the image's disk (a platform image's base disk, or a
 * custom image's file), a bigger {@code diskSizeGB} grows the file. With {@code files} null the disks exist only as
 * records (the in-memory driver).
 */
final class DiskClient implements ExternalClient<DiskSpec> {
    private final DiskFiles files;
    private final DiskFiles images;
    private final ImageSource platform;

    DiskClient(DiskFiles files) { this(files, null, null); }

    /**
     * @param images   custom image files ({@code FromImage} of an image resource)
     * @param platform platform images ({@code FromImage} of a platform image version)
     */
    DiskClient(DiskFiles files, DiskFiles images, ImageSource platform) {
        this.files = files;
        this.images = images;
        this.platform = platform;
    }

    @Override
    public Observation observe(ResourceId id, DiskSpec desired) {
        if (files == null) return Observation.present(Map.of());
        Path f = files.file(id);
        if (!Files.isRegularFile(f)) return Observation.absent();
        try {
            return Observation.present(Map.of("bytesOnHost", Files.size(f)));
        } catch (IOException e) {
            return Observation.absent();
        }
    }

    @Override
    public Outcome create(ResourceId id, DiskSpec desired) {
        if (files == null) return Outcome.done();
        Path f = files.file(id);
        if (Files.exists(f)) return update(id, desired);
        try {
            Files.createDirectories(f.getParent());
            Path temp = f.resolveSibling(f.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            if ("Copy".equals(desired.createOption())) {
                Path source = files.file(ResourceId.parse(desired.sourceResourceId()));
                if (!Files.isRegularFile(source)) {
                    return Outcome.failed(new ArmError(ArmErrorCode.NotFound.name(), "Source disk " + desired.sourceResourceId() + " was not found.", "sourceResourceId"));
                }
                Processes.run(List.of("qemu-img", "convert", "-U", "-q", "-O", "qcow2", source.toString(), temp.toString()), 1800);
                Processes.run(List.of("qemu-img", "resize", "-q", temp.toString(), desired.diskSizeGB() + "G"));
            } else if ("FromImage".equals(desired.createOption())) {
                Path source;
                Optional<PlatformImages.PlatformImage> p = ImageIds.platform(desired.imageReference());
                if (p.isPresent()) {
                    ImageSource.Availability a = platform.resolve(p.get());
                    if (a instanceof ImageSource.Building) return Outcome.inProgress(java.time.Duration.ofSeconds(1));
                    if (a instanceof ImageSource.Unavailable u) {
                        return Outcome.failed(new ArmError(ArmErrorCode.PlatformImageNotFound.name(), "The platform image '" + p.get().urn()
                                + "' could not be built on this appliance: " + u.reason(), "creationData.imageReference.id"));
                    }
                    source = ((ImageSource.Ready) a).boot().baseDisk();
                } else {
                    source = images.file(ResourceId.parse(desired.imageReference()));
                }
                if (!Files.isRegularFile(source)) {
                    return Outcome.failed(new ArmError(ArmErrorCode.NotFound.name(), "Image " + desired.imageReference() + " was not found.", "creationData.imageReference.id"));
                }
                Processes.run(List.of("qemu-img", "convert", "-U", "-q", "-O", "qcow2", source.toString(), temp.toString()), 1800);
                Processes.run(List.of("qemu-img", "resize", "-q", temp.toString(), desired.diskSizeGB() + "G"));
            } else {
                Processes.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", temp.toString(), desired.diskSizeGB() + "G"));
            }
            Files.move(temp, f, StandardCopyOption.ATOMIC_MOVE);
            return Outcome.done();
        } catch (IOException e) {
            return Outcome.failed(new ArmError(ArmErrorCode.InternalServerError.name(), "The disk '" + id.name() + "' could not be made: " + e.getMessage(), null));
        }
    }

    @Override
    public Outcome update(ResourceId id, DiskSpec desired) {
        if (files == null) return Outcome.done();
        Path f = files.file(id);
        if (!Files.exists(f)) return create(id, desired);
        try {
            String info = Processes.run(List.of("qemu-img", "info", "--output=json", f.toString()));
            long current = new com.fasterxml.jackson.databind.ObjectMapper().readTree(info).path("virtual-size").asLong();
            long wanted = (long) desired.diskSizeGB() << 30;
            if (wanted > current) Processes.run(List.of("qemu-img", "resize", "-q", f.toString(), desired.diskSizeGB() + "G"));
            return Outcome.done();
        } catch (IOException e) {
            return Outcome.failed(new ArmError(ArmErrorCode.InternalServerError.name(), "The disk '" + id.name() + "' could not be resized: " + e.getMessage(), null));
        }
    }

    @Override
    public Outcome delete(ResourceId id) {
        if (files == null) return Outcome.done();
        try {
            Files.deleteIfExists(files.file(id));
            return Outcome.done();
        } catch (IOException e) {
            return Outcome.failed(new ArmError(ArmErrorCode.InternalServerError.name(), "The disk '" + id.name() + "' could not be removed: " + e.getMessage(), null));
        }
    }
}
