package io.strato.provider.storage.blob;

import java.util.regex.Pattern;

/** Azure's naming rules for containers, blobs and metadata. */
public final class ContainerNames {
    public static final String RULE = "3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.";
    private static final Pattern CONTAINER = Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");
    private static final Pattern METADATA = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ContainerNames() {}

    /** A container name, or {@code $root}. */
    public static boolean isValid(String name) {
        return name != null && (CONTAINER.matcher(name).matches() || name.equals("$root"));
    }

    /** Blob names: 1 to 1024 characters. */
    public static boolean isValidBlobName(String name) {
        return name != null && !name.isEmpty() && name.length() <= 1024;
    }

    /** Metadata names must be C# identifiers. */
    public static boolean isMetadataName(String name) {
        return name != null && METADATA.matcher(name).matches();
    }
}
