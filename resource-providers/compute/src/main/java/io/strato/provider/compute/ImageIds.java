package io.strato.provider.compute;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Platform image ids as Azure writes them in {@code creationData.imageReference.id}. */
final class ImageIds {
    private static final Pattern PLATFORM = Pattern.compile("(?i)/subscriptions/[^/]+/providers/Microsoft\\.Compute/locations/[^/]+"
            + "/publishers/([^/]+)/artifacttypes/vmimage/offers/([^/]+)/skus/([^/]+)/versions/([^/]+)");

    private ImageIds() {}

    static boolean isPlatform(String id) { return id != null && PLATFORM.matcher(id).matches(); }

    /** The platform image an id names, if the appliance has it. */
    static Optional<PlatformImages.PlatformImage> platform(String id) {
        if (id == null) return Optional.empty();
        Matcher m = PLATFORM.matcher(id);
        if (!m.matches()) return Optional.empty();
        return PlatformImages.find(m.group(1), m.group(2), m.group(3), m.group(4));
    }
}
