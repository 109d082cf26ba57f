package io.strato.provider.storage.file;

import java.util.ArrayList;
import java.util.List;

/**
 * A directory or file path inside a share, as its components; the empty path is the share's root directory. Every
 * component follows {@link ShareNames#isValidComponent}, so a path never leaves its share.
 */
public record FilePath(List<String> components) {
    public static final FilePath ROOT = new FilePath(List.of());
    /** Azure's limit on a whole path. */
    public static final int MAX_LENGTH = 2048;
    /** Azure's limit on the depth of a path. */
    public static final int MAX_DEPTH = 250;

    public FilePath {
        components = List.copyOf(components);
        for (String c : components) {
            if (!ShareNames.isValidComponent(c)) throw new IllegalArgumentException("not a file or directory name: " + c);
        }
    }

    /**
     * Parses a decoded path such as {@code dir/sub/file.txt} (empty segments, as in {@code a//b} or a trailing slash, are
     * ignored). {@code InvalidResourceName} for a component Azure refuses, {@code InvalidFileOrDirectoryPathName} for a
     * path that is too long or too deep.
     */
    public static FilePath parse(String path) {
        if (path == null || path.isEmpty()) return ROOT;
        if (path.length() > MAX_LENGTH) throw FileErrorCode.InvalidFileOrDirectoryPathName.exception();
        List<String> out = new ArrayList<>();
        for (String c : path.split("/")) {
            if (c.isEmpty()) continue;
            if (!ShareNames.isValidComponent(c)) throw io.strato.provider.storage.blob.BlobErrorCode.InvalidResourceName.exception(c);
            out.add(c);
        }
        if (out.size() > MAX_DEPTH) throw FileErrorCode.InvalidFileOrDirectoryPathName.exception();
        return new FilePath(out);
    }

    public boolean isRoot() { return components.isEmpty(); }

    /** The last component; empty for the root. */
    public String name() { return isRoot() ? "" : components.get(components.size() - 1); }

    public FilePath parent() {
        if (isRoot()) throw new IllegalStateException("the root has no parent");
        return new FilePath(components.subList(0, components.size() - 1));
    }

    public FilePath child(String name) {
        List<String> c = new ArrayList<>(components);
        c.add(name);
        return new FilePath(c);
    }

    @Override
    public String toString() { return String.join("/", components); }
}
