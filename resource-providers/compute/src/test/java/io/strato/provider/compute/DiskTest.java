package io.strato.provider.compute;

import static io.strato.provider.compute.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.strato.model.ArmException;
import io.strato.model.ResourceId;
import io.strato.spi.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Managed disks: validation with Azure's codes, and qcow2 files made, grown, copied and removed. */
class DiskTest {
    @TempDir Path dir;
    final DiskHandler handler = new DiskHandler(Fixtures.CLOCK);
    final ResourceId id = ResourceId.resource(Fixtures.SUBSCRIPTION, "rg1", DiskHandler.TYPE, "d1");

    private DiskSpec spec(String body, Optional<DiskSpec> existing) {
        return handler.toSpec(Fixtures.LATEST, id, json(body), existing);
    }

    @Test
    void an_empty_disk_needs_a_size_within_azures_bounds() {
        assertThatThrownBy(() -> spec("{'properties':{'creationData':{'createOption':'Empty'}}}", Optional.empty()))
                .isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.error().message()).isEqualTo("Required parameter 'diskSizeGB' is missing (null)."));
        assertThatThrownBy(() -> spec("{'properties':{'creationData':{'createOption':'Empty'},'diskSizeGB':0}}", Optional.empty()))
                .isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.error().target()).isEqualTo("diskSizeGB"));
    }

    @Test
    void an_unknown_sku_or_create_option_is_refused() {
        assertThatThrownBy(() -> spec("{'sku':{'name':'Gold_LRS'},'properties':{'creationData':{'createOption':'Empty'},'diskSizeGB':1}}", Optional.empty()))
                .isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.error().code()).isEqualTo("InvalidParameter"));
        assertThatThrownBy(() -> spec("{'properties':{'creationData':{'createOption':'Restore'},'diskSizeGB':1}}", Optional.empty()))
                .isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.error().target()).isEqualTo("creationData.createOption"));
    }

    @Test
    void a_disk_grows_but_never_shrinks() {
        DiskSpec first = spec("{'sku':{'name':'premium_lrs'},'properties':{'creationData':{'createOption':'Empty'},'diskSizeGB':4}}", Optional.empty());
        assertThat(first.skuName()).isEqualTo("Premium_LRS");

        assertThat(handler.patch(Fixtures.LATEST, id, json("{'properties':{'diskSizeGB':8}}"), first).diskSizeGB()).isEqualTo(8);
        assertThatThrownBy(() -> handler.patch(Fixtures.LATEST, id, json("{'properties':{'diskSizeGB':2}}"), first))
                .isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.error().code()).isEqualTo("OperationNotAllowed"));
    }

    @Test
    void disk_files_are_made_grown_copied_and_removed() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-img")), "qemu-img is not installed");
        DiskFiles files = new DiskFiles(dir);
        DiskClient client = new DiskClient(files);
        DiskSpec empty = new DiskSpec("u1", Fixtures.NOW.toString(), "Standard_LRS", 1, "Empty", null);

        assertThat(client.create(id, empty)).isInstanceOf(Outcome.Done.class);
        assertThat(client.update(id, new DiskSpec("u1", Fixtures.NOW.toString(), "Standard_LRS", 2, "Empty", null))).isInstanceOf(Outcome.Done.class);
        assertThat(Processes.run(List.of("qemu-img", "info", files.file(id).toString()))).contains("virtual size: 2 GiB");
        ResourceId copy = ResourceId.resource(Fixtures.SUBSCRIPTION, "rg1", DiskHandler.TYPE, "d2");
        assertThat(client.create(copy, new DiskSpec("u2", Fixtures.NOW.toString(), "Standard_LRS", 3, "Copy", id.toString()))).isInstanceOf(Outcome.Done.class);
        assertThat(Processes.run(List.of("qemu-img", "info", files.file(copy).toString()))).contains("virtual size: 3 GiB");

        assertThat(client.delete(id)).isInstanceOf(Outcome.Done.class);
        assertThat(client.delete(copy)).isInstanceOf(Outcome.Done.class);
        assertThat(client.observe(id, empty).exists()).isFalse();
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }
}
