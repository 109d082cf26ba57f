package io.strato.server.blob;

import io.strato.provider.storage.blob.SharedKey;
import io.strato.provider.storage.blob.SignedRequest;
import io.strato.server.boot.ApplianceSettings;
import io.strato.spi.BlobDownloads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@link BlobDownloads} through the appliance's own Blob endpoint on the loopback interface, so a download passes the
 * same checks (SAS, public access, Shared Key) as any client's. A host-style URL ({@code ACCOUNT.blob.SUFFIX}) is sent
 * path style ({@code /ACCOUNT/...}) to the listener, which needs no name resolution; the appliance's CA is trusted.
 */
@ApplicationScoped
public class LoopbackBlobDownloads implements BlobDownloads {
    static final String VERSION = "2021-08-06";
    private static final Pattern CODE = Pattern.compile("<Code>([^<]+)</Code>");
    private static final DateTimeFormatter RFC1123 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);

    @Inject ApplianceSettings settings;
    @ConfigProperty(name = "quarkus.http.host", defaultValue = "0.0.0.0") String listenHost;

    private volatile HttpClient client;

    @Override
    public boolean serves(URI url) {
        return target(url).isPresent();
    }

    Optional<String[]> target(URI url) {
        return target(url, settings.blobPort(), settings.storageSuffix(), URI.create(settings.baseUrl()).getHost());
    }

    /**
     * The account and the blob path ({@code /container/blob}) a URL names when it is this appliance's Blob endpoint:
     * HTTPS on the Blob port, host style {@code ACCOUNT.blob.SUFFIX} or path style on the appliance's own host.
     */
    static Optional<String[]> target(URI url, int blobPort, String storageSuffix, String ownHost) {
        if (url == null || !"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) return Optional.empty();
        int port = url.getPort() < 0 ? 443 : url.getPort();
        if (port != blobPort) return Optional.empty();
        String host = url.getHost().toLowerCase(Locale.ROOT);
        String path = Optional.ofNullable(url.getRawPath()).orElse("");
        String suffix = ".blob." + storageSuffix.toLowerCase(Locale.ROOT);
        if (host.endsWith(suffix) && host.length() > suffix.length() && !host.substring(0, host.length() - suffix.length()).contains(".")) {
            return Optional.of(new String[] {host.substring(0, host.length() - suffix.length()), path});
        }
        String own = ownHost.toLowerCase(Locale.ROOT);
        if (host.equals(own) || host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]")) {
            int slash = path.indexOf('/', 1);
            if (slash > 1) return Optional.of(new String[] {path.substring(1, slash), path.substring(slash)});
        }
        return Optional.empty();
    }

    @Override
    public byte[] download(URI url, Optional<AccountKey> key, long maxBytes) throws DownloadException {
        String[] t = target(url).orElseThrow(() -> new DownloadException(0, null, url.getHost() + " is not this appliance's Blob endpoint"));
        String account = t[0], path = t[1];
        String loopback = listenHost.equals("0.0.0.0") || listenHost.equals("::") ? "127.0.0.1" : listenHost;
        String query = url.getRawQuery() == null ? "" : "?" + url.getRawQuery();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://" + (loopback.contains(":") ? "[" + loopback + "]" : loopback)
                        + ":" + settings.blobPort() + "/" + account + path + query))
                .timeout(Duration.ofSeconds(60)).GET().header("x-ms-version", VERSION);
        if (key.isPresent()) {
            String date = RFC1123.format(ZonedDateTime.now(ZoneOffset.UTC));
            request.header("x-ms-date", date);
            // signed as the request is sent, path style: the account is also the path's first segment
            String sent = "/" + account + path;
            SignedRequest signed = new SignedRequest("GET", sent, Exchange.parseQuery(url.getRawQuery() == null ? "" : url.getRawQuery()),
                    List.of(Map.entry("x-ms-date", date), Map.entry("x-ms-version", VERSION)));
            String signature = SharedKey.sign(key.get().key(), SharedKey.stringToSign(signed, key.get().account(), sent));
            request.header("Authorization", "SharedKey " + key.get().account() + ":" + signature);
        }
        try {
            HttpResponse<InputStream> r = client().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (r.statusCode() != 200) {
                    String body = new String(in.readNBytes(16 * 1024), StandardCharsets.UTF_8);
                    Matcher m = CODE.matcher(body);
                    String code = m.find() ? m.group(1) : r.headers().firstValue("x-ms-error-code").orElse(null);
                    throw new DownloadException(r.statusCode(), code, "the Blob endpoint answered " + r.statusCode() + (code == null ? "" : " " + code));
                }
                long length = r.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (length > maxBytes) throw new DownloadException(413, null, "the blob has " + length + " bytes, more than the " + maxBytes + " accepted");
                byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (content.length > maxBytes) throw new DownloadException(413, null, "the blob has more than the " + maxBytes + " bytes accepted");
                return content;
            }
        } catch (IOException e) {
            throw new DownloadException(0, null, "the Blob endpoint cannot be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException(0, null, "interrupted");
        }
    }

    private HttpClient client() throws IOException {
        HttpClient c = client;
        if (c != null) return c;
        synchronized (this) {
            if (client == null) {
                try (InputStream in = Files.newInputStream(settings.caBundle())) {
                    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                    trust.load(null, null);
                    int i = 0;
                    for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) trust.setCertificateEntry("ca" + i++, cert);
                    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                    tmf.init(trust);
                    SSLContext tls = SSLContext.getInstance("TLS");
                    tls.init(null, tmf.getTrustManagers(), null);
                    client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
                } catch (java.security.GeneralSecurityException e) {
                    throw new IOException("cannot trust the appliance's CA " + settings.caBundle() + ": " + e.getMessage(), e);
                }
            }
            return client;
        }
    }
}
