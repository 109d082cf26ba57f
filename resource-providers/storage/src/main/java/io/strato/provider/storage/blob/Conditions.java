package io.strato.provider.storage.blob;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * HTTP conditional headers against a resource's ETag and last-modified time. A read whose
 * {@code If-None-Match}/{@code If-Modified-Since} fails answers 304 Not Modified; every other failure is
 * {@code ConditionNotMet} (412).
 */
public record Conditions(String ifMatch, String ifNoneMatch, String ifModifiedSince, String ifUnmodifiedSince) {
    /** What a failed check means for the request. */
    public enum Result { PROCEED, NOT_MODIFIED }

    public boolean any() { return ifMatch != null || ifNoneMatch != null || ifModifiedSince != null || ifUnmodifiedSince != null; }

    /**
     * Checks the conditions against the resource ({@code etag} null when it does not exist).
     *
     * @param read true for GET/HEAD (failed If-None-Match / If-Modified-Since answer 304)
     * @throws BlobServiceException ConditionNotMet
     */
    public Result check(String etag, Instant lastModified, boolean read) {
        if (ifMatch != null) {
            if (etag == null || !(ifMatch.trim().equals("*") || matches(ifMatch, etag))) throw BlobErrorCode.ConditionNotMet.exception();
        }
        if (ifUnmodifiedSince != null && etag != null && truncated(lastModified).isAfter(parse(ifUnmodifiedSince))) {
            throw BlobErrorCode.ConditionNotMet.exception();
        }
        if (ifNoneMatch != null && etag != null && (ifNoneMatch.trim().equals("*") || matches(ifNoneMatch, etag))) {
            if (read) return Result.NOT_MODIFIED;
            throw ifNoneMatch.trim().equals("*") ? BlobErrorCode.BlobAlreadyExists.exception() : BlobErrorCode.ConditionNotMet.exception();
        }
        if (ifModifiedSince != null && etag != null && !truncated(lastModified).isAfter(parse(ifModifiedSince))) {
            if (read) return Result.NOT_MODIFIED;
            throw BlobErrorCode.ConditionNotMet.exception();
        }
        return Result.PROCEED;
    }

    private static Instant truncated(Instant t) { return t.truncatedTo(ChronoUnit.SECONDS); }

    private static boolean matches(String header, String etag) {
        String bare = unquote(etag);
        return Arrays.stream(header.split(",")).map(String::trim).map(Conditions::unquote).anyMatch(bare::equals);
    }

    private static String unquote(String s) {
        String t = s.startsWith("W/") ? s.substring(2) : s;
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    private static Instant parse(String httpDate) {
        try {
            return ZonedDateTime.parse(httpDate.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw BlobErrorCode.InvalidHeaderValue.exception("The date '" + httpDate + "' is not an RFC 1123 date.");
        }
    }
}
