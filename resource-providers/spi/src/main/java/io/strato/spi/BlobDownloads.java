package io.strato.spi;

import java.net.URI;
import java.util.Optional;

/**
 * Downloads blobs of this appliance's own storage accounts by URL, as any client of its Blob endpoint would, for
 * providers that fetch files a request names (a CustomScript extension's {@code fileUris}). The request carries the
 * URL's own authorization (a SAS in its query, or none for a container with public read access), or Shared Key when
 * the caller has the account's key. Offered by the appliance through {@link ProviderContext#service}.
 */
public interface BlobDownloads {
    /** Tells whether {@code url} names this appliance's Blob endpoint: host style {@code ACCOUNT.blob.SUFFIX} or path style on its Blob port. */
    boolean serves(URI url);

    /**
     * The blob's content.
     *
     * @param key      the account's name and key when the caller was given them (the request is then signed with Shared Key)
     * @param maxBytes the most the caller accepts; a larger blob is refused without reading it whole
     * @throws DownloadException when the endpoint refuses (status and storage error code) or cannot be reached (status 0)
     */
    byte[] download(URI url, Optional<AccountKey> key, long maxBytes) throws DownloadException;

    /** A storage account's name and one of its keys. */
    record AccountKey(String account, String key) {
        @Override
        public String toString() { return "AccountKey[" + account + "]"; }
    }

    /** A download that failed: the HTTP status (0 when nothing answered) and the storage error code, if any. */
    final class DownloadException extends Exception {
        private final int status;
        private final String code;

        public DownloadException(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }

        public int status() { return status; }

        public String code() { return code; }
    }
}
