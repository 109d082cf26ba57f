package io.strato.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.blob.specialized.BlockBlobClient;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.sas.AccountSasPermission;
import com.azure.storage.common.sas.AccountSasResourceType;
import com.azure.storage.common.sas.AccountSasService;
import com.azure.storage.common.sas.AccountSasSignatureValues;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Blob endpoint with the Azure Storage SDK for Java (com.azure:azure-storage-blob), path style
 * ({@code https://127.0.0.1:PORT/ACCOUNT}) and host style ({@code https://ACCOUNT.blob.SUFFIX:PORT}, which needs the
 * account's name to resolve to the appliance; tests/run-all.sh adds it to /etc/hosts).
 */
class BlobSdkIT {
    static final String SA_V = "?api-version=2022-09-01", RG_V = "?api-version=2021-04-01";
    static final Arm arm = new Arm();
    static final String RG = "rg-blob-java-" + UUID.randomUUID().toString().substring(0, 8);
    static final String ACCOUNT = "stratoblobjava";
    static String hostEndpoint, pathEndpoint;
    static StorageSharedKeyCredential key;
    static BlobServiceClient service;

    static String account() { return arm.sub() + "/resourceGroups/" + RG + "/providers/Microsoft.Storage/storageAccounts/" + ACCOUNT; }

    @BeforeAll
    static void createAccount() throws Exception {
        assertThat(arm.put(arm.sub() + "/resourcegroups/" + RG + RG_V, "{\"location\":\"local\"}").status()).isEqualTo(201);
        Arm.Reply created = arm.put(account() + SA_V,
                "{\"sku\":{\"name\":\"Standard_LRS\"},\"kind\":\"StorageV2\",\"location\":\"local\",\"properties\":{\"allowBlobPublicAccess\":true}}");
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        JsonNode a = arm.pollLocation(created.header("Location")).json();
        hostEndpoint = a.path("properties").path("primaryEndpoints").path("blob").asText();
        URI u = URI.create(hostEndpoint);
        pathEndpoint = "https://127.0.0.1:" + u.getPort() + "/" + ACCOUNT;
        String k = arm.send("POST", account() + "/listKeys" + SA_V, null).json().path("keys").get(0).path("value").asText();
        key = new StorageSharedKeyCredential(ACCOUNT, k);
        service = new BlobServiceClientBuilder().endpoint(pathEndpoint).credential(key).buildClient();
    }

    @AfterAll
    static void deleteGroup() throws Exception {
        arm.delete(arm.sub() + "/resourcegroups/" + RG + RG_V);
    }

    static BlobContainerClient container(String name) {
        BlobContainerClient c = service.getBlobContainerClient(name);
        if (!c.exists()) c.create();
        return c;
    }

    static BlobStorageException refusal(Runnable r) {
        try {
            r.run();
        } catch (BlobStorageException e) {
            return e;
        }
        throw new AssertionError("accepted");
    }

    @Test
    void a_blob_round_trips_with_its_properties_and_metadata() {
        BlobContainerClient c = container("roundtrip");
        BlobClient b = c.getBlobClient("dir/a b+c.txt");
        b.upload(BinaryData.fromString("hello blob"), true);
        b.setHttpHeaders(new BlobHttpHeaders().setContentType("text/plain").setCacheControl("no-cache"));
        b.setMetadata(Map.of("colour", "blue"));

        assertThat(b.downloadContent().toString()).isEqualTo("hello blob");
        var p = b.getProperties();
        assertThat(p.getBlobSize()).isEqualTo(10);
        assertThat(p.getContentType()).isEqualTo("text/plain");
        assertThat(p.getCacheControl()).isEqualTo("no-cache");
        assertThat(p.getMetadata()).containsEntry("colour", "blue");
        assertThat(p.getContentMd5()).isNotNull();
    }

    @Test
    void list_blobs_pages_with_prefix_delimiter_and_metadata() {
        BlobContainerClient c = container("listing");
        for (String n : List.of("a/1", "a/2", "b/1", "c", "d")) {
            c.getBlobClient(n).upload(BinaryData.fromString(n), true);
        }
        c.getBlobClient("c").setMetadata(Map.of("k", "v"));

        List<String> hierarchy = c.listBlobsByHierarchy("/", new ListBlobsOptions(), null).stream().map(BlobItem::getName).toList();
        assertThat(hierarchy).containsExactlyInAnyOrder("a/", "b/", "c", "d");
        List<BlobItem> flat = c.listBlobs(new ListBlobsOptions().setPrefix("a/").setDetails(new BlobListDetails().setRetrieveMetadata(true)), null)
                .stream().toList();
        assertThat(flat).extracting(BlobItem::getName).containsExactly("a/1", "a/2");
        List<String> paged = c.listBlobs(new ListBlobsOptions().setMaxResultsPerPage(2), null).streamByPage()
                .flatMap(page -> page.getValue().stream().map(BlobItem::getName)).toList();
        assertThat(paged).containsExactly("a/1", "a/2", "b/1", "c", "d");
        BlobItem withMetadata = c.listBlobs(new ListBlobsOptions().setPrefix("c").setDetails(new BlobListDetails().setRetrieveMetadata(true)), null)
                .stream().findFirst().orElseThrow();
        assertThat(withMetadata.getMetadata()).containsEntry("k", "v");
    }

    @Test
    void conditional_writes_are_refused_with_azures_codes() {
        BlobClient b = container("conditions").getBlobClient("x");
        b.upload(BinaryData.fromString("one"), true);
        String etag = b.getProperties().getETag();

        BlobStorageException exists = refusal(() -> b.upload(BinaryData.fromString("two"), false));
        assertThat(exists.getStatusCode()).isEqualTo(409);
        assertThat(exists.getErrorCode().toString()).isEqualTo("BlobAlreadyExists");
        BlobStorageException stale = refusal(() -> b.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromString("three"))
                .setRequestConditions(new BlobRequestConditions().setIfMatch("\"0x8DD000000000000\"")), null, null));
        assertThat(stale.getStatusCode()).isEqualTo(412);
        assertThat(stale.getErrorCode().toString()).isEqualTo("ConditionNotMet");
        b.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromString("four")).setRequestConditions(new BlobRequestConditions().setIfMatch(etag)),
                null, null);
        assertThat(b.downloadContent().toString()).isEqualTo("four");
    }

    @Test
    void a_body_that_does_not_match_its_content_md5_is_md5_mismatch() throws Exception {
        BlockBlobClient b = container("integrity").getBlobClient("m").getBlockBlobClient();
        byte[] wrong = MessageDigest.getInstance("MD5").digest("something else".getBytes());
        BlobStorageException e = refusal(() -> b.uploadWithResponse(new BlockBlobSimpleUploadOptions(BinaryData.fromString("data")).setContentMd5(wrong),
                null, null));
        assertThat(e.getStatusCode()).isEqualTo(400);
        assertThat(e.getErrorCode().toString()).isEqualTo("Md5Mismatch");
        assertThat(b.exists()).isFalse();
    }

    @Test
    void a_256_mib_blob_uploads_in_blocks_and_downloads_whole_and_in_ranges() throws Exception {
        Path file = Files.createTempFile("blob-256m", ".bin");
        Path back = Files.createTempFile("blob-256m", ".out");
        try {
            Random random = new Random(42);
            byte[] chunk = new byte[1024 * 1024];
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            try (OutputStream out = Files.newOutputStream(file)) {
                for (int i = 0; i < 256; i++) {
                    random.nextBytes(chunk);
                    sent.update(chunk);
                    out.write(chunk);
                }
            }
            BlobClient b = container("large").getBlobClient("big.bin");
            b.uploadFromFile(file.toString(), new ParallelTransferOptions().setBlockSizeLong(8L * 1024 * 1024).setMaxConcurrency(4)
                    .setMaxSingleUploadSizeLong(4L * 1024 * 1024), null, null, null, null, Duration.ofMinutes(10));

            assertThat(b.getProperties().getBlobSize()).isEqualTo(256L * 1024 * 1024);
            assertThat(b.getBlockBlobClient().listBlocks(com.azure.storage.blob.models.BlockListType.COMMITTED).getCommittedBlocks()).hasSize(32);
            long offset = 100L * 1024 * 1024 + 12345;
            ByteArrayOutputStream range = new ByteArrayOutputStream();
            var ranged = b.downloadStreamWithResponse(range, new BlobRange(offset, 70_000L), null, null, false, null, null);
            assertThat(ranged.getStatusCode()).isEqualTo(206);
            byte[] expected = new byte[70_000];
            try (InputStream in = Files.newInputStream(file)) {
                in.skipNBytes(offset);
                in.readNBytes(expected, 0, expected.length);
            }
            assertThat(range.toByteArray()).isEqualTo(expected);

            Files.delete(back);
            b.downloadToFile(back.toString());
            MessageDigest got = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(back)) {
                byte[] buf = new byte[1 << 20];
                for (int n; (n = in.read(buf)) > 0; ) got.update(buf, 0, n);
            }
            assertThat(HexFormat.of().formatHex(got.digest())).isEqualTo(HexFormat.of().formatHex(sent.digest()));
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(back);
        }
    }

    @Test
    void a_range_past_the_end_is_invalid_range() {
        BlobClient b = container("ranges").getBlobClient("r");
        b.upload(BinaryData.fromString("0123456789"), true);
        BlobStorageException e = refusal(() -> b.downloadStreamWithResponse(new ByteArrayOutputStream(), new BlobRange(100, 5L), null, null, false, null, null));
        assertThat(e.getStatusCode()).isEqualTo(416);
    }

    @Test
    void a_container_sas_grants_exactly_its_permissions_until_it_expires() {
        BlobContainerClient c = container("sas");
        c.getBlobClient("s.txt").upload(BinaryData.fromString("sas"), true);
        String readList = c.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1),
                new BlobContainerSasPermission().setReadPermission(true).setListPermission(true)));
        BlobContainerClient viaSas = new BlobServiceClientBuilder().endpoint(pathEndpoint).sasToken(readList).buildClient().getBlobContainerClient("sas");

        assertThat(viaSas.listBlobs().stream().map(BlobItem::getName)).containsExactly("s.txt");
        assertThat(viaSas.getBlobClient("s.txt").downloadContent().toString()).isEqualTo("sas");
        BlobStorageException write = refusal(() -> viaSas.getBlobClient("w.txt").upload(BinaryData.fromString("no"), true));
        assertThat(write.getStatusCode()).isEqualTo(403);
        assertThat(write.getErrorCode().toString()).isEqualTo("AuthorizationPermissionMismatch");

        String expired = c.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().minusMinutes(5),
                new BlobContainerSasPermission().setReadPermission(true).setListPermission(true)));
        BlobContainerClient late = new BlobServiceClientBuilder().endpoint(pathEndpoint).sasToken(expired).buildClient().getBlobContainerClient("sas");
        BlobStorageException e = refusal(() -> late.listBlobs().stream().count());
        assertThat(e.getStatusCode()).isEqualTo(403);
        assertThat(e.getErrorCode().toString()).isEqualTo("AuthenticationFailed");
    }

    @Test
    void an_account_sas_creates_containers_and_blobs() {
        String sas = service.generateAccountSas(new AccountSasSignatureValues(OffsetDateTime.now().plusHours(1),
                AccountSasPermission.parse("rwdlac"), new AccountSasService().setBlobAccess(true),
                new AccountSasResourceType().setContainer(true).setObject(true).setService(true)));
        BlobServiceClient viaSas = new BlobServiceClientBuilder().endpoint(pathEndpoint).sasToken(sas).buildClient();
        BlobContainerClient c = viaSas.getBlobContainerClient("accountsas");
        c.create();
        c.getBlobClient("x").upload(BinaryData.fromString("x"), true);
        assertThat(c.getBlobClient("x").downloadContent().toString()).isEqualTo("x");
    }

    @Test
    void a_wrong_key_is_authentication_failed() {
        String wrong = Base64.getEncoder().encodeToString(new byte[64]);
        BlobServiceClient bad = new BlobServiceClientBuilder().endpoint(pathEndpoint).credential(new StorageSharedKeyCredential(ACCOUNT, wrong)).buildClient();
        BlobStorageException e = refusal(() -> bad.listBlobContainers().stream().count());
        assertThat(e.getStatusCode()).isEqualTo(403);
        assertThat(e.getErrorCode().toString()).isEqualTo("AuthenticationFailed");
    }

    @Test
    void a_regenerated_key_is_accepted_at_once_although_the_endpoint_caches_the_account() throws Exception {
        Thread.sleep(2100);   // whatever an earlier test cached has expired: the next request loads the account afresh
        assertThat(service.listBlobContainers().stream().count()).isGreaterThanOrEqualTo(0);
        Thread.sleep(300);    // past the 250 ms in which a refusal may not read the account again, well within its 2 s cache
        String key2 = arm.send("POST", account() + "/regenerateKey" + SA_V, "{\"keyName\":\"key2\"}").json().path("keys").get(1).path("value").asText();
        BlobServiceClient withNewKey = new BlobServiceClientBuilder().endpoint(pathEndpoint).credential(new StorageSharedKeyCredential(ACCOUNT, key2)).buildClient();

        assertThat(withNewKey.listBlobContainers().stream().count()).as("the cached keys refused it, so the account was read again").isGreaterThanOrEqualTo(0);
    }

    @Test
    void host_style_reaches_the_same_account_and_containers_show_in_arm() throws Exception {
        BlobServiceClient hostStyle = new BlobServiceClientBuilder().endpoint(hostEndpoint).credential(key).buildClient();
        hostStyle.getBlobContainerClient("hoststyle").create();
        hostStyle.getBlobContainerClient("hoststyle").getBlobClient("h").upload(BinaryData.fromString("h"), true);

        assertThat(service.getBlobContainerClient("hoststyle").getBlobClient("h").downloadContent().toString()).isEqualTo("h");
        JsonNode listed = arm.get(account() + "/blobServices/default/containers" + SA_V).json().path("value");
        assertThat(listed.findValuesAsText("name")).contains("hoststyle");
        assertThat(arm.get(account() + "/blobServices/default" + SA_V).status()).isEqualTo(200);
    }

    @Test
    void anonymous_reads_follow_the_container_access_level() {
        BlobContainerClient c = container("public");
        c.setAccessPolicy(com.azure.storage.blob.models.PublicAccessType.BLOB, null);
        c.getBlobClient("p.txt").upload(BinaryData.fromString("public"), true);
        BlobContainerClient anonymous = new BlobServiceClientBuilder().endpoint(pathEndpoint).buildClient().getBlobContainerClient("public");

        assertThat(anonymous.getBlobClient("p.txt").downloadContent().toString()).isEqualTo("public");
        BlobStorageException list = refusal(() -> anonymous.listBlobs().stream().count());
        assertThat(list.getStatusCode()).isEqualTo(404);
        BlobStorageException write = refusal(() -> anonymous.getBlobClient("w").upload(BinaryData.fromString("w"), true));
        assertThat(write.getStatusCode()).isEqualTo(401);
    }

    // ---- blobs up to 64 KiB are kept in their metadata row, larger ones in files: both behave alike

    static final int INLINE_LIMIT = 64 * 1024;

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The folder holding the committed contents (files) of a container of this suite's account. */
    static Path objects(String account, String container) {
        String bootstrap = System.getenv("STRATO_BOOTSTRAP");
        if (bootstrap == null || bootstrap.isBlank()) bootstrap = System.getProperty("strato.bootstrap");
        Path data = Path.of(bootstrap).toAbsolutePath().getParent();
        assertThat(data.resolve("providers")).as("the appliance's data folder").isDirectory();
        return data.resolve("providers/microsoft.storage/accounts").resolve(account).resolve("blob").resolve(container).resolve("objects");
    }

    static long files(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) return 0;
        try (var s = Files.list(folder)) {
            return s.filter(f -> !f.getFileName().toString().startsWith(".")).count();
        }
    }

    @Test
    void blobs_at_and_just_past_the_inline_size_read_back_whole_and_in_ranges() throws Exception {
        BlobContainerClient c = container("inline-sizes");
        for (int size : new int[] {0, 1, INLINE_LIMIT, INLINE_LIMIT + 1}) {
            byte[] data = random(size, size);
            BlobClient b = c.getBlobClient("s-" + size);
            b.upload(BinaryData.fromBytes(data), true);
            assertThat(b.downloadContent().toBytes()).as("size %d", size).isEqualTo(data);
            var p = b.getProperties();
            assertThat(p.getBlobSize()).isEqualTo(size);
            assertThat(p.getContentMd5()).isEqualTo(MessageDigest.getInstance("MD5").digest(data));
            if (size > 10) {
                ByteArrayOutputStream part = new ByteArrayOutputStream();
                var ranged = b.downloadStreamWithResponse(part, new BlobRange(3, (long) size - 5), null, null, false, null, null);
                assertThat(ranged.getStatusCode()).isEqualTo(206);
                assertThat(part.toByteArray()).isEqualTo(java.util.Arrays.copyOfRange(data, 3, size - 2));
            }
        }
        assertThat(c.listBlobs().stream().map(i -> i.getName() + "=" + i.getProperties().getContentLength()).toList())
                .containsExactly("s-0=0", "s-1=1", "s-65536=65536", "s-65537=65537");
        // only the blob past the limit has a file
        assertThat(files(objects(ACCOUNT, "inline-sizes"))).isEqualTo(1);
    }

    @Test
    void overwriting_a_small_blob_with_a_large_one_and_back_leaves_no_file_behind() throws Exception {
        BlobContainerClient c = container("inline-overwrite");
        BlobClient b = c.getBlobClient("flip");
        byte[] small = random(1024, 1), large = random(1024 * 1024, 2), again = random(2048, 3);
        b.upload(BinaryData.fromBytes(small), true);
        assertThat(files(objects(ACCOUNT, "inline-overwrite"))).isZero();
        b.upload(BinaryData.fromBytes(large), true);
        assertThat(b.downloadContent().toBytes()).isEqualTo(large);
        assertThat(files(objects(ACCOUNT, "inline-overwrite"))).isEqualTo(1);
        b.upload(BinaryData.fromBytes(again), true);
        assertThat(b.downloadContent().toBytes()).isEqualTo(again);
        assertThat(files(objects(ACCOUNT, "inline-overwrite"))).isZero();
        b.delete();
        assertThat(b.exists()).isFalse();
    }

    @Test
    void a_small_blob_copies_and_the_copy_outlives_its_source() {
        BlobContainerClient c = container("inline-copy");
        byte[] data = random(5000, 7);
        BlobClient source = c.getBlobClient("source");
        source.upload(BinaryData.fromBytes(data), true);
        source.setMetadata(Map.of("origin", "source"));
        BlobClient copy = container("inline-copy-to").getBlobClient("copy");
        copy.copyFromUrl(source.getBlobUrl());
        source.delete();
        assertThat(copy.downloadContent().toBytes()).isEqualTo(data);
        assertThat(copy.getProperties().getMetadata()).containsEntry("origin", "source");
    }

    @Test
    void a_small_blob_replaced_by_a_block_list_keeps_only_the_listed_blocks() {
        BlockBlobClient b = container("inline-blocks").getBlobClient("bl").getBlockBlobClient();
        b.upload(BinaryData.fromString("small first"), true);
        String id = Base64.getEncoder().encodeToString("block-1".getBytes());
        b.stageBlock(id, BinaryData.fromString("from a block"));
        b.commitBlockList(List.of(id), true);
        assertThat(b.downloadContent().toString()).isEqualTo("from a block");
        b.upload(BinaryData.fromString("small again"), true);
        assertThat(b.downloadContent().toString()).isEqualTo("small again");
        assertThat(b.listBlocks(com.azure.storage.blob.models.BlockListType.ALL).getCommittedBlocks()).isEmpty();
    }

    @Test
    void a_small_blob_has_no_committed_blocks_to_list_again() {
        BlockBlobClient b = container("inline-blocks").getBlobClient("nolist").getBlockBlobClient();
        b.upload(BinaryData.fromString("put blob"), true);
        String id = Base64.getEncoder().encodeToString("never-staged".getBytes());
        BlobStorageException e = refusal(() -> b.commitBlockList(List.of(id), true));
        assertThat(e.getStatusCode()).isEqualTo(400);
        assertThat(e.getErrorCode().toString()).isEqualTo("InvalidBlockList");
        assertThat(b.downloadContent().toString()).isEqualTo("put blob");
    }

    @Test
    void a_small_blob_into_a_missing_container_is_container_not_found() {
        BlobClient b = service.getBlobContainerClient("no-such-container").getBlobClient("x");
        BlobStorageException e = refusal(() -> b.upload(BinaryData.fromString("nowhere"), true));
        assertThat(e.getStatusCode()).isEqualTo(404);
        assertThat(e.getErrorCode().toString()).isEqualTo("ContainerNotFound");
    }

    @Test
    void a_small_conditional_put_that_fails_changes_nothing() {
        BlobClient b = container("inline-conditions").getBlobClient("c");
        b.upload(BinaryData.fromString("kept"), true);
        BlobStorageException e = refusal(() -> b.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromString("lost"))
                .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*")), null, null));
        assertThat(e.getErrorCode().toString()).isEqualTo("BlobAlreadyExists");
        assertThat(b.downloadContent().toString()).isEqualTo("kept");
    }

    @Test
    void deleting_the_account_deletes_its_small_and_large_blobs() throws Exception {
        String rg = "rg-blob-java-del-" + UUID.randomUUID().toString().substring(0, 8), name = "stratoblobjavadel";
        String id = arm.sub() + "/resourceGroups/" + rg + "/providers/Microsoft.Storage/storageAccounts/" + name;
        assertThat(arm.put(arm.sub() + "/resourcegroups/" + rg + RG_V, "{\"location\":\"local\"}").status()).isEqualTo(201);
        try {
            BlobContainerClient c = accountWithContainer(id, name);
            c.getBlobClient("small").upload(BinaryData.fromBytes(random(100, 1)), true);
            c.getBlobClient("large").upload(BinaryData.fromBytes(random(INLINE_LIMIT + 1, 2)), true);
            assertThat(files(objects(name, "kept"))).isEqualTo(1);

            Arm.Reply deleted = arm.delete(id + SA_V);
            assertThat(deleted.status()).as(deleted.body()).isIn(200, 202, 204);
            if (deleted.status() == 202) arm.pollLocation(deleted.header("Location"));
            assertThat(objects(name, "kept").getParent().getParent().getParent()).doesNotExist();

            // the same account and container made again are empty: the rows (and the small blobs' bytes) went too
            BlobContainerClient again = accountWithContainer(id, name);
            assertThat(again.listBlobs().stream().toList()).isEmpty();
            assertThat(again.getBlobClient("small").exists()).isFalse();
        } finally {
            arm.delete(arm.sub() + "/resourcegroups/" + rg + RG_V);
        }
    }

    private static BlobContainerClient accountWithContainer(String id, String name) throws Exception {
        Arm.Reply created = arm.put(id + SA_V, "{\"sku\":{\"name\":\"Standard_LRS\"},\"kind\":\"StorageV2\",\"location\":\"local\"}");
        assertThat(created.status()).as(created.body()).isIn(200, 201, 202);
        if (created.status() == 202) arm.pollLocation(created.header("Location"));
        String k = arm.send("POST", id + "/listKeys" + SA_V, null).json().path("keys").get(0).path("value").asText();
        BlobContainerClient c = new BlobServiceClientBuilder().endpoint(pathEndpoint.replace(ACCOUNT, name))
                .credential(new StorageSharedKeyCredential(name, k)).buildClient().getBlobContainerClient("kept");
        // an account made again under the same name has new keys: the endpoint accepts them at once, although it
        // caches accounts for 2 s (the cached keys refuse, so it reads the account again)
        c.create();
        return c;
    }
}
