package io.strato.provider.compute;

import io.strato.model.ResourceId;
import io.strato.spi.ExternalClient;
import io.strato.testkit.ExternalClientContract;
import io.strato.testkit.InMemoryNetworkPorts;
import io.strato.testkit.InMemorySecretVault;
import java.time.Duration;
import java.util.Optional;

/** The testkit's driver contract for scale sets over the in-memory machine driver and network ports. */
class InMemoryScaleSetClientTest extends ExternalClientContract<ScaleSetSpec> {
    private final ResourceId id = ResourceId.resource(Fixtures.SUBSCRIPTION, "rg1", ScaleSetHandler.TYPE, "web");
    private final ScaleSetSpec desired = ScaleSetRequest.parse(id, ScaleSetHandlerTest.body(2), Optional.empty(), Fixtures.NOW,
            Optional.empty()).spec();

    @Override
    protected ExternalClient<ScaleSetSpec> newClient() {
        InMemoryNetworkPorts ports = new InMemoryNetworkPorts().defineSubnet(ResourceId.parse(ScaleSetHandlerTest.SUBNET), "10.0.0");
        return new ScaleSetClient(new InMemoryMachineDriver(), ImageSource.fake(), new ScaleSetNetwork(() -> Optional.of(ports)),
                x -> Optional.of(desired), new InMemorySecretVault(), Duration.ofMinutes(1), Fixtures.CLOCK);
    }

    @Override protected ResourceId id() { return id; }

    @Override protected ScaleSetSpec desired() { return desired; }

    /** Scaled in to one instance: the other's guest goes. */
    @Override
    protected ScaleSetSpec updated() { return ScaleSetHandler.without(desired, java.util.List.of("1")); }
}
