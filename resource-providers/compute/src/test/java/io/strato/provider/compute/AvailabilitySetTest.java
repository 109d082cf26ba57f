package io.strato.provider.compute;

import static io.strato.provider.compute.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ArmException;
import io.strato.model.ResourceId;
import io.strato.spi.Observation;
import io.strato.testkit.InMemoryStoredResources;
import io.strato.testkit.TestProviderContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Availability sets: Azure's limits and codes, members listed from the VMs, domains handed out round robin. */
class AvailabilitySetTest {
    @TempDir Path dir;
    final InMemoryStoredResources stored = new InMemoryStoredResources();
    ComputeProvider provider;
    AvailabilitySetHandler sets;
    final ResourceId set = ResourceId.resource(Fixtures.SUBSCRIPTION, "rg1", AvailabilitySetHandler.TYPE, "as1");

    @BeforeEach
    void provider() {
        provider = new ComputeProvider(Fixtures.CLOCK);
        provider.configure(TestProviderContext.of(dir, Map.of(ComputeProvider.DRIVER_SETTING, "memory")).withResources(stored));
        sets = provider.availabilitySets();
    }

    private AvailabilitySetSpec putSet(String body) {
        AvailabilitySetSpec spec = sets.toSpec(Fixtures.LATEST, set, json(body), Optional.empty());
        stored.put(set, spec);
        return spec;
    }

    private VirtualMachineSpec putVm(String name, String setId) {
        ObjectNode body = Fixtures.tinyVm();
        if (setId != null) ((ObjectNode) body.get("properties")).putObject("availabilitySet").put("id", setId);
        ResourceId id = Fixtures.vm(name);
        VirtualMachineSpec spec = provider.virtualMachines().toSpec(Fixtures.LATEST, id, body, Optional.empty());
        stored.put(id, spec);
        return spec;
    }

    private static ArmException refused(Runnable r) {
        try {
            r.run();
        } catch (ArmException e) {
            return e;
        }
        throw new AssertionError("not refused");
    }

    @Test
    void domain_counts_outside_azures_ranges_are_invalid_parameters() {
        ArmException faults = refused(() -> putSet("{'sku':{'name':'Aligned'},'properties':{'platformFaultDomainCount':4}}"));
        assertThat(faults.error().code()).isEqualTo("InvalidParameter");
        assertThat(faults.error().message()).isEqualTo("The specified fault domain count 4 must fall in the range 1 to 3.");
        assertThat(faults.error().target()).isEqualTo("platformFaultDomainCount");
        ArmException updates = refused(() -> putSet("{'sku':{'name':'Aligned'},'properties':{'platformUpdateDomainCount':21}}"));
        assertThat(updates.error().message()).isEqualTo("The specified update domain count 21 must fall in the range 1 to 20.");
        assertThat(refused(() -> putSet("{'sku':{'name':'Gold'}}")).error().target()).isEqualTo("sku.name");
    }

    @Test
    void defaults_and_the_counts_cannot_change_later() {
        AvailabilitySetSpec spec = putSet("{'sku':{'name':'aligned'}}");
        assertThat(spec).isEqualTo(new AvailabilitySetSpec("Aligned", 2, 5));

        ArmException e = refused(() -> sets.toSpec(Fixtures.LATEST, set, json("{'sku':{'name':'Aligned'},'properties':{'platformFaultDomainCount':3}}"), Optional.of(spec)));
        assertThat(e.error().code()).isEqualTo("PropertyChangeNotAllowed");
        assertThat(e.error().target()).isEqualTo("platformFaultDomainCount");
    }

    @Test
    void vms_get_domains_round_robin_and_the_set_lists_them() {
        putSet("{'sku':{'name':'Aligned'},'properties':{'platformFaultDomainCount':2,'platformUpdateDomainCount':3}}");

        VirtualMachineSpec a = putVm("a", set.toString());
        VirtualMachineSpec b = putVm("b", set.toString().toLowerCase());
        VirtualMachineSpec c = putVm("c", set.toString());

        assertThat(List.of(a.availabilitySet().faultDomain(), b.availabilitySet().faultDomain(), c.availabilitySet().faultDomain())).containsExactly(0, 1, 0);
        assertThat(List.of(a.availabilitySet().updateDomain(), b.availabilitySet().updateDomain(), c.availabilitySet().updateDomain())).containsExactly(0, 1, 2);
        JsonNode r = sets.toResponse(Fixtures.LATEST, set, stored.find(set).orElseThrow().spec(AvailabilitySetSpec.class), Observation.present(Map.of()));
        assertThat(r.at("/properties/virtualMachines").findValuesAsText("id")).containsExactly(
                Fixtures.vm("a").toString(), Fixtures.vm("b").toString(), Fixtures.vm("c").toString());

        VirtualMachineHandler vms = provider.virtualMachines();
        vms.connect().create(Fixtures.vm("b"), b);
        JsonNode view = vms.views().get(0).read(Fixtures.LATEST, Fixtures.vm("b"), b, List.of(), Map.of());
        assertThat(view.get("platformFaultDomain").asInt()).isEqualTo(1);
        assertThat(view.get("platformUpdateDomain").asInt()).isEqualTo(1);
        assertThat(vms.toResponse(Fixtures.LATEST, Fixtures.vm("b"), b, Observation.notObserved()).at("/properties/availabilitySet/id").asText())
                .isEqualTo(set.toString());
    }

    @Test
    void a_vm_cannot_change_its_set_after_creation() {
        putSet("{'sku':{'name':'Aligned'}}");
        VirtualMachineSpec outside = putVm("a", null);
        ObjectNode body = Fixtures.tinyVm();
        ((ObjectNode) body.get("properties")).putObject("availabilitySet").put("id", set.toString());

        ArmException e = refused(() -> provider.virtualMachines().toSpec(Fixtures.LATEST, Fixtures.vm("a"), body, Optional.of(outside)));

        assertThat(e.error().code()).isEqualTo("PropertyChangeNotAllowed");
        assertThat(e.error().message()).isEqualTo("Changing property 'availabilitySet.id' is not allowed.");
        assertThat(e.status()).isEqualTo(409);
    }

    @Test
    void a_missing_or_classic_set_is_refused_and_a_set_with_vms_cannot_be_deleted() {
        assertThat(refused(() -> putVm("a", set.toString())).error().code()).isEqualTo("NotFound");
        putSet("{'sku':{'name':'Classic'}}");
        assertThat(refused(() -> putVm("a", set.toString())).error().code()).isEqualTo("OperationNotAllowed");
        stored.put(set, new AvailabilitySetSpec("Aligned", 2, 5));
        putVm("a", set.toString());

        assertThatThrownBy(() -> sets.checkDelete(set, new AvailabilitySetSpec("Aligned", 2, 5)))
                .isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.error().code()).isEqualTo("OperationNotAllowed"));
        stored.remove(Fixtures.vm("a"));
        sets.checkDelete(set, new AvailabilitySetSpec("Aligned", 2, 5));
    }
}
