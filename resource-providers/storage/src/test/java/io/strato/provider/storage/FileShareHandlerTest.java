package io.strato.provider.storage;

import static io.strato.provider.storage.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.model.ArmErrorCode;
import io.strato.model.ArmException;
import io.strato.model.ResourceId;
import io.strato.provider.storage.file.FilePath;
import io.strato.provider.storage.file.FileProperties;
import io.strato.provider.storage.file.InMemoryFileShareStore;
import io.strato.provider.storage.file.ShareRef;
import io.strato.spi.Observation;
import io.strato.spi.Outcome;
import io.strato.spi.ResourceTypeHandler;
import io.strato.testkit.InMemoryStoredResources;
import io.strato.testkit.ResourceTypeHandlerContract;
import io.strato.testkit.TestProviderContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FileShareHandlerTest extends ResourceTypeHandlerContract<FileShareSpec> {
    private final InMemoryFileShareStore store = new InMemoryFileShareStore();
    private final InMemoryStoredResources stored = new InMemoryStoredResources()
            .put(Fixtures.account("sa1"), Fixtures.azDefaultSpec())
            .put(Fixtures.account("large1"), account("{'sku':{'name':'Standard_LRS'},'kind':'StorageV2','properties':{'largeFileSharesState':'Enabled'}}"))
            .put(Fixtures.account("prem1"), account("{'sku':{'name':'Premium_LRS'},'kind':'FileStorage'}"));
    private FileShareHandler handler;

    private static StorageAccountSpec account(String body) {
        return StorageAccountRequest.toSpec(Fixtures.LATEST_SHAPE, json(body), Optional.empty(), Fixtures.NOW);
    }

    @Override
    protected ResourceTypeHandler<FileShareSpec> handler() {
        if (handler == null) {
            StorageAccounts accounts = new StorageAccounts();
            accounts.configure(TestProviderContext.of(Path.of("/nonexistent")).withResources(stored));
            handler = new FileShareHandler(Fixtures.CLOCK, accounts);
            handler.configure(store);
        }
        return handler;
    }

    private static ResourceId share(String account, String name) {
        return Fixtures.account(account).child("fileServices", "default").child("shares", name);
    }

    @Override
    protected ResourceId sampleId() { return share("sa1", "data-1"); }

    @Override
    protected JsonNode sampleValidBody() {
        return json("{'properties': {'shareQuota': 100, 'accessTier': 'Hot', 'metadata': {'team': 'files'}}}");
    }

    @Override
    protected List<InvalidSample> sampleInvalidBodies() {
        return List.of(
                InvalidSample.of("a quota of zero", "{'properties':{'shareQuota':0}}", ArmErrorCode.InvalidHeaderValue),
                InvalidSample.of("a quota above 5120 GiB without large file shares", "{'properties':{'shareQuota':5121}}", ArmErrorCode.InvalidHeaderValue),
                InvalidSample.of("a quota that is not a number", "{'properties':{'shareQuota':'lots'}}", ArmErrorCode.InvalidRequestContent),
                InvalidSample.of("NFS on a standard account", "{'properties':{'enabledProtocols':'NFS'}}", ArmErrorCode.InvalidHeaderValue),
                InvalidSample.of("an unknown protocol", "{'properties':{'enabledProtocols':'FTP'}}", ArmErrorCode.InvalidHeaderValue),
                InvalidSample.of("the Premium tier on a standard account", "{'properties':{'accessTier':'Premium'}}", ArmErrorCode.InvalidHeaderValue),
                InvalidSample.of("root squash on an SMB share", "{'properties':{'rootSquash':'RootSquash'}}", ArmErrorCode.InvalidHeaderValue),
                InvalidSample.of("a metadata name that is not an identifier", "{'properties':{'metadata':{'1x':'y'}}}", ArmErrorCode.InvalidRequestPropertyValue),
                InvalidSample.of("properties that are not an object", "{'properties':3}", ArmErrorCode.InvalidRequestContent));
    }

    private FileShareSpec create(ResourceId id, String body) {
        return handler().toSpec(Fixtures.LATEST_SHAPE, id, json(body), Optional.empty());
    }

    @Test
    void a_standard_share_defaults_to_5120_gib_and_transaction_optimized_smb() {
        FileShareSpec spec = create(sampleId(), "{}");
        assertThat(spec.shareQuota()).isEqualTo(5120);
        assertThat(spec.accessTier()).isEqualTo("TransactionOptimized");
        assertThat(spec.enabledProtocols()).isEqualTo("SMB");
    }

    @Test
    void large_file_shares_allow_up_to_102400_gib_and_no_more() {
        assertThat(create(share("large1", "big"), "{'properties':{'shareQuota':102400}}").shareQuota()).isEqualTo(102400);
        assertThatThrownBy(() -> create(share("large1", "big"), "{'properties':{'shareQuota':102401}}"))
                .isInstanceOfSatisfying(ArmException.class, e -> {
                    assertThat(e.error().code()).isEqualTo("InvalidHeaderValue");
                    assertThat(e.error().message()).startsWith("The value for one of the HTTP headers is not in the correct format.");
                });
    }

    @Test
    void nfs_shares_need_a_premium_file_storage_account() {
        FileShareSpec nfs = create(share("prem1", "nfs"), "{'properties':{'enabledProtocols':'nfs'}}");
        assertThat(nfs.enabledProtocols()).isEqualTo("NFS");
        assertThat(nfs.rootSquash()).isEqualTo("NoRootSquash");
        assertThat(nfs.accessTier()).isEqualTo("Premium");
        assertThat(nfs.shareQuota()).isEqualTo(100);
        assertThatThrownBy(() -> create(share("sa1", "nfs"), "{'properties':{'enabledProtocols':'NFS'}}"))
                .isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.error().message()).contains("Premium FileStorage"));
    }

    @Test
    void a_premium_account_refuses_standard_tiers() {
        assertThatThrownBy(() -> create(share("prem1", "s"), "{'properties':{'accessTier':'Hot'}}"))
                .isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.error().code()).isEqualTo("InvalidHeaderValue"));
    }

    @Test
    void the_protocol_cannot_change_after_creation() {
        FileShareSpec before = create(share("prem1", "nfs"), "{'properties':{'enabledProtocols':'NFS'}}");
        assertThatThrownBy(() -> handler().toSpec(Fixtures.LATEST_SHAPE, share("prem1", "nfs"), json("{'properties':{'enabledProtocols':'SMB'}}"), Optional.of(before)))
                .isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.error().code()).isEqualTo("PropertyChangeNotAllowed"));
    }

    @Test
    void an_update_keeps_what_it_does_not_mention() {
        FileShareSpec before = create(sampleId(), sampleValidBody().toString());
        FileShareSpec after = handler().patch(Fixtures.LATEST_SHAPE, sampleId(), json("{'properties':{'shareQuota':200}}"), before);
        assertThat(after.shareQuota()).isEqualTo(200);
        assertThat(after.accessTier()).isEqualTo("Hot");
        assertThat(after.metadata()).isEqualTo(Map.of("team", "files"));
    }

    @Test
    void share_names_follow_azures_rule_with_its_code() {
        for (String bad : List.of("ab", "a".repeat(64), "Data", "da--ta", "-data", "data-", "da_ta")) {
            assertThatThrownBy(() -> handler().validateName(share("sa1", bad)))
                    .as(bad).isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.error().code()).isEqualTo("InvalidResourceName"));
        }
        handler().validateName(share("sa1", "a1-b2"));
        handler().validateName(share("sa1", "a".repeat(63)));
    }

    @Test
    void the_driver_makes_and_removes_the_share_folder() {
        ShareRef ref = new ShareRef("sa1", "data-1");
        FileShareSpec spec = create(sampleId(), "{}");
        assertThat(handler().connect().observe(sampleId(), spec).exists()).isFalse();
        assertThat(handler().connect().create(sampleId(), spec)).isInstanceOf(Outcome.Done.class);
        assertThat(store.shareExists(ref)).isTrue();
        assertThat(handler().connect().delete(sampleId())).isInstanceOf(Outcome.Done.class);
        assertThat(store.shareExists(ref)).isFalse();
    }

    @Test
    void expand_stats_reports_the_bytes_in_the_share() throws Exception {
        ShareRef ref = new ShareRef("sa1", "data-1");
        FileShareSpec spec = create(sampleId(), "{}");
        handler().connect().create(sampleId(), spec);
        store.createFile(ref, FilePath.parse("a.txt"), 1234, FileProperties.fresh(Fixtures.NOW, Map.of()), Long.MAX_VALUE);
        JsonNode plain = handler().toResponse(Fixtures.LATEST_SHAPE, sampleId(), spec, Observation.present(Map.of()), null).get("properties");
        JsonNode stats = handler().toResponse(Fixtures.LATEST_SHAPE, sampleId(), spec, Observation.present(Map.of()), "stats").get("properties");
        assertThat(plain.has("shareUsageBytes")).isFalse();
        assertThat(stats.get("shareUsageBytes").asLong()).isEqualTo(1234);
        assertThat(stats.get("shareQuota").asInt()).isEqualTo(5120);
        assertThat(stats.get("leaseState").asText()).isEqualTo("Available");
    }
}
