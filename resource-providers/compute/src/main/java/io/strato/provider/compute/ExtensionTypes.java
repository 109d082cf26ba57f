package io.strato.provider.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.spi.ProviderQuery;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The VM extension handlers the appliance runs, as Azure's extension image catalogue
 * ({@code locations/{l}/publishers/{p}/artifacttypes/vmextension/types[/{t}/versions[/{v}]]}, which
 * {@code az vm extension set} reads to find the latest version) and as the table from settings to the script the guest
 * runs. Only script handlers exist: {@code Microsoft.Azure.Extensions/CustomScript} 2.x and
 * {@code Microsoft.OSTCExtensions/CustomScriptForLinux} 1.x; their {@code fileUris} are downloaded by the appliance
 * (from its own storage accounts: it has no route to the internet) and travel with the script.
 */
final class ExtensionTypes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A handler's settings do not make a script; the message is what the guest agent would report. */
    static final class SettingsException extends Exception {
        SettingsException(String message) { super(message); }
    }

    /** Makes the guest's script from the merged public and protected settings. */
    interface ScriptMaker {
        byte[] script(ObjectNode settings) throws SettingsException;
    }

    /**
     * One handler type.
     *
     * @param versions full versions, oldest first; a request names one by its leading parts ({@code 2.1} or {@code 2})
     * @param troubleshooting the link Azure's failure message ends with
     */
    record ExtensionType(String publisher, String type, List<String> versions, String troubleshooting, ScriptMaker maker) {
        String fullType() { return publisher + "." + type; }

        Optional<String> version(String asked) {
            for (int i = versions.size() - 1; i >= 0; i--) {
                String v = versions.get(i);
                if (v.equals(asked) || v.startsWith(asked + ".")) return Optional.of(v);
            }
            return Optional.empty();
        }

        /**
         * The version a request runs: with {@code autoUpgradeMinorVersion}, Azure takes the newest minor version of the
         * asked major that is not older than the asked one ({@code 1.3} runs 1.5.5 when 1.3 itself is not offered).
         */
        Optional<String> version(String asked, boolean autoUpgradeMinor) {
            Optional<String> exact = version(asked);
            if (exact.isPresent() || !autoUpgradeMinor) return exact;
            String[] a = asked.split("\\.");
            for (int i = versions.size() - 1; i >= 0; i--) {
                String[] v = versions.get(i).split("\\.");
                if (v[0].equals(a[0]) && (a.length < 2 || minor(v) >= minor(a))) return Optional.of(versions.get(i));
            }
            return Optional.empty();
        }

        private static int minor(String[] parts) {
            try {
                return parts.length < 2 ? 0 : Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                return Integer.MAX_VALUE;
            }
        }
    }

    static final List<ExtensionType> ALL = List.of(
            new ExtensionType("Microsoft.Azure.Extensions", "CustomScript", List.of("2.0.7", "2.1.10"),
                    "https://aka.ms/VMExtensionCSELinuxTroubleshoot", ExtensionTypes::customScript),
            new ExtensionType("Microsoft.OSTCExtensions", "CustomScriptForLinux", List.of("1.5.5"),
                    "https://aka.ms/VMExtensionCSELinuxTroubleshoot", ExtensionTypes::customScriptForLinux));

    private ExtensionTypes() {}

    static Optional<ExtensionType> find(String publisher, String type) {
        return ALL.stream().filter(t -> t.publisher().equalsIgnoreCase(publisher) && t.type().equalsIgnoreCase(type)).findFirst();
    }

    static List<String> publishers() { return ALL.stream().map(ExtensionType::publisher).distinct().toList(); }

    /** CustomScript 2.x: exactly one of {@code commandToExecute} and {@code script} (base64, optionally gzip'd). */
    static byte[] customScript(ObjectNode s) throws SettingsException {
        boolean command = s.hasNonNull("commandToExecute");
        boolean script = s.hasNonNull("script");
        if (command && script) throw new SettingsException("both 'commandToExecute' and 'script' were given; give one of them");
        if (!command && !script) throw new SettingsException("commandToExecute is empty or invalid");
        if (command) return command(s);
        byte[] raw;
        try {
            raw = Base64.getMimeDecoder().decode(s.get("script").asText());
        } catch (IllegalArgumentException e) {
            throw new SettingsException("failed to decode script: the script is not base64");
        }
        if (raw.length > 1 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                raw = in.readAllBytes();
            } catch (IOException e) {
                throw new SettingsException("failed to decode script: the gzip stream is invalid");
            }
        }
        return raw;
    }

    /** CustomScriptForLinux 1.x: {@code commandToExecute}. */
    static byte[] customScriptForLinux(ObjectNode s) throws SettingsException {
        if (!s.hasNonNull("commandToExecute")) throw new SettingsException("commandToExecute is empty or invalid");
        return command(s);
    }

    private static byte[] command(ObjectNode s) throws SettingsException {
        String c = s.get("commandToExecute").asText("");
        if (c.isBlank()) throw new SettingsException("commandToExecute is empty or invalid");
        return (c + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The most the files of one extension may hold: they travel to the guest on its script medium. */
    static final long MAX_FILE_BYTES = 4L << 20;

    /** {@code fileUris}: the files a script handler downloads into its working folder before it runs. */
    static List<String> fileUris(ObjectNode s) throws SettingsException {
        JsonNode uris = s.get("fileUris");
        if (uris == null || uris.isNull()) return List.of();
        if (!uris.isArray()) throw new SettingsException("fileUris must be an array of URLs");
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode u : uris) {
            if (!u.isTextual() || u.asText().isBlank()) throw new SettingsException("fileUris must be an array of URLs");
            out.add(u.asText().trim());
        }
        return out;
    }

    /** The account key the handler signs its downloads with: {@code storageAccountName} and {@code storageAccountKey}. */
    static Optional<io.strato.spi.BlobDownloads.AccountKey> accountKey(ObjectNode s) throws SettingsException {
        boolean name = s.hasNonNull("storageAccountName"), key = s.hasNonNull("storageAccountKey");
        if (name != key) throw new SettingsException("storageAccountName and storageAccountKey must be given together");
        return name ? Optional.of(new io.strato.spi.BlobDownloads.AccountKey(s.get("storageAccountName").asText(), s.get("storageAccountKey").asText()))
                : Optional.empty();
    }

    /** The name a downloaded file gets in the working folder: the last segment of the URL's path, as the handlers do. */
    static String fileName(java.net.URI uri) throws SettingsException {
        String path = uri.getPath() == null ? "" : uri.getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('\0') >= 0) {
            throw new SettingsException("failed to download files: the URL '" + uri.getScheme() + "://" + uri.getHost() + uri.getPath() + "' names no file");
        }
        return name;
    }

    /**
     * The guest's script with the downloaded files in front: each written into the working folder (the script runs in
     * it, as the handlers run their command in their download folder), then the script itself.
     */
    static byte[] withFiles(byte[] script, Map<String, byte[]> files) {
        if (files.isEmpty()) return script;
        StringBuilder b = new StringBuilder("# the extension's fileUris, downloaded by the appliance\n");
        Base64.Encoder mime = Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String quoted = "'" + f.getKey().replace("'", "'\\''") + "'";
            b.append("base64 -d > ").append(quoted).append(" <<'STRATO-FILE-END'\n").append(mime.encodeToString(f.getValue())).append("\nSTRATO-FILE-END\n");
        }
        byte[] head = b.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = java.util.Arrays.copyOf(head, head.length + script.length);
        System.arraycopy(script, 0, out, head.length, script.length);
        return out;
    }

    /** The catalogue queries; only the appliance's location has entries. */
    static List<ProviderQuery> queries(String location) {
        String base = "locations/{location}/publishers/{publisher}/artifacttypes/vmextension/types";
        return List.of(
                new ComputeQueries.Query(base, ComputeQueries.API_VERSIONS, (s, v) -> at(location, v).map(x -> {
                    ArrayNode out = NODES.arrayNode();
                    ALL.stream().filter(t -> t.publisher().equalsIgnoreCase(v.get("publisher")))
                            .forEach(t -> out.add(entry(s, location, t, "Types/" + t.type(), t.type())));
                    return out;
                })),
                new ComputeQueries.Query(base + "/{type}/versions", ComputeQueries.API_VERSIONS, (s, v) -> at(location, v)
                        .flatMap(x -> find(v.get("publisher"), v.get("type"))).map(t -> {
                            ArrayNode out = NODES.arrayNode();
                            t.versions().forEach(ver -> out.add(entry(s, location, t, "Types/" + t.type() + "/Versions/" + ver, ver)));
                            return out;
                        })),
                new ComputeQueries.Query(base + "/{type}/versions/{version}", ComputeQueries.API_VERSIONS, (s, v) -> at(location, v)
                        .flatMap(x -> find(v.get("publisher"), v.get("type")))
                        .filter(t -> t.versions().contains(v.get("version")))
                        .map(t -> {
                            ObjectNode e = entry(s, location, t, "Types/" + t.type() + "/Versions/" + v.get("version"), v.get("version"));
                            e.putObject("properties").put("operatingSystem", "Linux").put("computeRole", "IaaS").put("handlerSchema", "")
                                    .put("vmScaleSetEnabled", true).put("supportsMultipleExtensions", false);
                            return e;
                        })));
    }

    private static ObjectNode entry(String subscription, String location, ExtensionType t, String tail, String name) {
        return NODES.objectNode().put("id", "/Subscriptions/" + subscription + "/Providers/Microsoft.Compute/Locations/" + location
                + "/Publishers/" + t.publisher() + "/ArtifactTypes/VMExtension/" + tail).put("name", name).put("location", location);
    }

    private static Optional<String> at(String location, Map<String, String> vars) {
        return location.equalsIgnoreCase(vars.get("location").replace(" ", "")) ? Optional.of(location) : Optional.empty();
    }

    /** Public and protected settings as one object; a setting may be in only one of them, as the handlers require. */
    static ObjectNode merge(JsonNode settings, JsonNode protectedSettings) throws SettingsException {
        ObjectNode m = settings != null && settings.isObject() ? ((ObjectNode) settings).deepCopy() : NODES.objectNode();
        if (protectedSettings != null && protectedSettings.isObject()) {
            for (var it = protectedSettings.fields(); it.hasNext(); ) {
                var f = it.next();
                if (m.has(f.getKey())) throw new SettingsException("'" + f.getKey() + "' was given in both public and protected settings; give it in one of them");
                m.set(f.getKey(), f.getValue());
            }
        }
        return m;
    }
}
