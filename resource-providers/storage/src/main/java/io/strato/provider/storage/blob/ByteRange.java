package io.strato.provider.storage.blob;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A byte range of a blob, inclusive of both ends as HTTP writes it. */
public record ByteRange(long first, long last) {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    public long length() { return last - first + 1; }

    /**
     * The range a {@code Range}/{@code x-ms-range} header asks of a blob of {@code size} bytes; empty when none was
     * asked. An end past the blob is cut to the blob; a start at or past the end is {@code InvalidRange}.
     */
    public static Optional<ByteRange> of(String header, long size) {
        if (header == null || header.isBlank()) return Optional.empty();
        Matcher m = RANGE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty(); // Azure ignores a range it cannot read and returns the whole blob
        }
        long first, last;
        if (m.group(1).isEmpty()) { // suffix: the last N bytes
            long n = Long.parseLong(m.group(2));
            if (n == 0 || size == 0) throw BlobErrorCode.InvalidRange.exception();
            first = Math.max(0, size - n);
            last = size - 1;
        } else {
            first = Long.parseLong(m.group(1));
            last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) return Optional.empty();
        }
        if (first >= size) throw BlobErrorCode.InvalidRange.exception();
        return Optional.of(new ByteRange(first, last));
    }

    public String contentRange(long size) { return "bytes " + first + "-" + last + "/" + size; }
}
