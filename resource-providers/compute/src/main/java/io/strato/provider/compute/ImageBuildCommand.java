package io.strato.provider.compute;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds platform images ahead of time into the image cache, so the first VM of an image boots without waiting for
 * its build: {@code strato images build [--cache DIR] [ALIAS|URN ...]} (every image when none is named). The result is
 * the folder the appliance boots from: the same builder, the same inputs, the same cache key.
 */
public final class ImageBuildCommand {
    private ImageBuildCommand() {}

    public static void main(String[] args) {
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "strato", "images");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--cache") && i + 1 < args.length) cache = Path.of(args[++i]);
            else names.add(args[i]);
        }
        Set<PlatformImages.PlatformImage> images = new LinkedHashSet<>();
        try {
            images.addAll(select(names));
        } catch (IllegalArgumentException e) {
            System.err.println("strato: " + e.getMessage());
            System.exit(2);
        }
        ImageCache cacheOfImages = new ImageCache(cache);
        Set<String> built = new LinkedHashSet<>();
        int failures = 0;
        for (PlatformImages.PlatformImage image : images) {
            if (!built.add(ImageCache.key(image))) continue;   // two SKUs of one build
            long t0 = System.nanoTime();
            ImageSource.Availability a = cacheOfImages.buildNow(image);
            String took = String.format("%.0f s", (System.nanoTime() - t0) / 1e9);
            switch (a) {
                case ImageSource.Ready r -> System.out.println(image.urn() + ": ready in " + cacheOfImages.folder(image) + " (" + took + ")");
                case ImageSource.Unavailable u -> {
                    failures++;
                    System.out.println(image.urn() + ": failed: " + u.reason());
                }
                case ImageSource.Building b -> {
                    failures++;
                    System.out.println(image.urn() + ": still building");
                }
            }
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    /** The images named by alias or URN ({@code latest} allowed); all of them when no name is given. */
    static List<PlatformImages.PlatformImage> select(List<String> names) {
        if (names.isEmpty()) return PlatformImages.all();
        List<PlatformImages.PlatformImage> out = new ArrayList<>();
        for (String n : names) {
            Optional<PlatformImages.PlatformImage> image = PlatformImages.byAlias(n);
            String[] u = n.split(":");
            if (image.isEmpty() && u.length == 4) image = PlatformImages.find(u[0], u[1], u[2], u[3]);
            out.add(image.orElseThrow(() -> new IllegalArgumentException("no platform image '" + n + "'; the images are "
                    + String.join(", ", PlatformImages.all().stream().map(i -> i.alias() != null ? i.alias() + " (" + i.urn() + ")" : i.urn()).toList()))));
        }
        return out;
    }
}
