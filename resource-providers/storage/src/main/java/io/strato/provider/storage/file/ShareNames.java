package io.strato.provider.storage.file;

import java.util.regex.Pattern;

/** Azure's naming rules for file shares, directories and files. */
public final class ShareNames {
    public static final String RULE = "3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.";
    private static final Pattern SHARE = Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");
    /** Characters Azure Files refuses in a directory or file name. */
    private static final String FORBIDDEN = "\"\\/:|<>*?";

    private ShareNames() {}

    /** 3 to 63 characters: lower-case letters, digits and hyphens, no two hyphens in a row, no hyphen at either end. */
    public static boolean isValid(String name) {
        return name != null && SHARE.matcher(name).matches();
    }

    /**
     * One component of a directory or file path: 1 to 255 characters, none of {@code " \ / : | < > * ?} nor a
     * control character, and not {@code .} or {@code ..}.
     */
    public static boolean isValidComponent(String name) {
        if (name == null || name.isEmpty() || name.length() > 255 || name.equals(".") || name.equals("..")) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || FORBIDDEN.indexOf(c) >= 0) return false;
        }
        return true;
    }
}
