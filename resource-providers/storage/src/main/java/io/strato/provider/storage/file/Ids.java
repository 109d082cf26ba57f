package io.strato.provider.storage.file;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** ETags and file ids in Azure's forms. */
final class Ids {
    private Ids() {}

    static String etag() {
        return "\"0x8DD" + HexFormat.of().withUpperCase().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(3) + "\"";
    }

    /** A positive 63-bit number, as Azure's {@code x-ms-file-id}. */
    static String fileId() {
        return Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }
}
