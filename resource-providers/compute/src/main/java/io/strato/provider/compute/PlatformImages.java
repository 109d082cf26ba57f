package io.strato.provider.compute;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The platform image catalogue: every image the appliance can boot, built on the appliance from Debian packages
 * by a script of its own, never downloaded ready-made. Served as Azure's
 * {@code publishers/offers/skus/versions} and as the image-alias document {@code az vm create --image ALIAS} reads.
 */
public final class PlatformImages {
    /**
     * One image.
     *
     * @param alias        the short name in the alias document, null for an image without one
     * @param builder      the script (a resource beside this class) that builds it into a folder; images with the same
     *                     builder share one build
     * @param readyMarker  the serial-console text the guest prints when provisioning has finished
     * @param diskSizeGiB  the size of the image's OS disk
     * @param buildSeconds roughly how long a build takes here, for documentation
     * @param generation   Azure's hyperVGeneration of the SKU ({@code V1}, or {@code V2} for a {@code -gen2} SKU); the
     *                     guest boots the same way either way (the appliance boots its kernel directly)
     */
    public record PlatformImage(String alias, String publisher, String offer, String sku, String version, String builder,
                                String readyMarker, int diskSizeGiB, int buildSeconds, String generation) {
        public PlatformImage(String alias, String publisher, String offer, String sku, String version, String builder,
                             String readyMarker, int diskSizeGiB, int buildSeconds) {
            this(alias, publisher, offer, sku, version, builder, readyMarker, diskSizeGiB, buildSeconds, "V1");
        }

        public String urn() { return publisher + ":" + offer + ":" + sku + ":" + version; }

        /** The build's name: the builder script's, without {@code build-} and {@code .sh}, with the version. */
        public String key() {
            return (builder.replaceFirst("^build-", "").replaceFirst("\\.sh$", "") + "-" + version).toLowerCase(java.util.Locale.ROOT);
        }

        boolean matches(String publisher, String offer, String sku) {
            return this.publisher.equalsIgnoreCase(publisher) && this.offer.equalsIgnoreCase(offer) && this.sku.equalsIgnoreCase(sku);
        }
    }

    /** A busybox initramfs on a Debian kernel that honours the NoCloud seed; boots in seconds even under TCG. */
    public static final PlatformImage TINY = new PlatformImage("StratoTinyLinux", "Strato", "tiny-linux", "busybox", "1.0.0",
            "build-tiny.sh", "STRATO-READY", 1, 20);

    /**
     * Debian 12 minimal, built with debootstrap from Debian packages; systemd and Debian's cloud-init honour the
     * NoCloud seed. Named as Azure names Debian's own images ({@code Debian:debian-12:12} and {@code 12-gen2}).
     */
    public static final PlatformImage DEBIAN_12 = new PlatformImage("Debian12", "Debian", "debian-12", "12-gen2", "1.0.0",
            "build-debian.sh", "STRATO-READY", 4, 180, "V2");

    /** The same build under Azure's generation-1 SKU name. */
    public static final PlatformImage DEBIAN_12_GEN1 = new PlatformImage(null, "Debian", "debian-12", "12", "1.0.0",
            "build-debian.sh", "STRATO-READY", 4, 180, "V1");

    static final List<PlatformImage> ALL = List.of(TINY, DEBIAN_12, DEBIAN_12_GEN1);

    private PlatformImages() {}

    public static List<PlatformImage> all() { return ALL; }

    /** The image an alias names (case-insensitive). */
    public static Optional<PlatformImage> byAlias(String alias) {
        return ALL.stream().filter(i -> i.alias() != null && i.alias().equalsIgnoreCase(alias)).findFirst();
    }

    /** The image for a reference; {@code version} may be {@code latest}. */
    public static Optional<PlatformImage> find(String publisher, String offer, String sku, String version) {
        return ALL.stream().filter(i -> i.matches(publisher, offer, sku))
                .filter(i -> version == null || version.equalsIgnoreCase("latest") || i.version().equalsIgnoreCase(version))
                .findFirst();
    }

    /** The document {@code az vm create --image ALIAS} reads: an ARM template whose output {@code aliases} maps names to images. */
    public static ObjectNode aliasDocument() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode doc = f.objectNode();
        doc.put("$schema", "http://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json");
        doc.put("contentVersion", "1.0.0.0");
        doc.putObject("parameters");
        doc.putObject("variables");
        doc.putArray("resources");
        ObjectNode aliases = doc.putObject("outputs").putObject("aliases");
        aliases.put("type", "object");
        ObjectNode value = aliases.putObject("value");
        ObjectNode linux = value.putObject("Linux");
        value.putObject("Windows");
        for (PlatformImage i : ALL) {
            if (i.alias() == null) continue;
            linux.putObject(i.alias()).put("publisher", i.publisher()).put("offer", i.offer()).put("sku", i.sku())
                    .put("version", "latest").put("architecture", "x64");
        }
        return doc;
    }
}
