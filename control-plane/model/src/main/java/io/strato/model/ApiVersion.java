package io.strato.model;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An ARM api-version: {@code YYYY-MM-DD[-preview|-alpha|-beta|-rc|-privatepreview]}, ordered by date then stability. */
public record ApiVersion(LocalDate date, String suffix) implements Comparable<ApiVersion> {
    private static final Pattern FORMAT =
            Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(?:-(preview|alpha|beta|rc|privatepreview|hybrid))?", Pattern.CASE_INSENSITIVE);

    public static ApiVersion parse(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not an api-version: " + text);
        }
        try {
            return new ApiVersion(LocalDate.parse(m.group(1)), m.group(2) == null ? "" : m.group(2).toLowerCase());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an api-version: " + text, e);
        }
    }

    public static boolean isWellFormed(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public boolean isPreview() { return !suffix.isEmpty(); }

    @Override
    public int compareTo(ApiVersion o) {
        int c = date.compareTo(o.date);
        if (c != 0) return c;
        // a stable version sorts after the previews of the same day
        return Boolean.compare(o.isPreview(), isPreview()) != 0 ? Boolean.compare(o.isPreview(), isPreview()) : suffix.compareTo(o.suffix);
    }

    @Override
    public String toString() { return suffix.isEmpty() ? date.toString() : date + "-" + suffix; }
}
