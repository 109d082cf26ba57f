package io.strato.provider.network;

import io.strato.model.ArmError;
import io.strato.model.ArmErrorCode;
import io.strato.model.ResourceId;
import io.strato.spi.ExternalClient;
import io.strato.spi.Observation;
import io.strato.spi.Outcome;
import java.util.Map;
import java.util.Optional;

/**
 * The driver side of every network type: any change re-reads the stored topology and hands it whole to the
 * {@link NetworkDriver}, which makes the host match. A delete applies the topology without the resource.
 */
final class TopologyClient implements ExternalClient<NetworkSpec> {
    private final NetworkProvider provider;
    private final NetworkDriver driver;

    TopologyClient(NetworkProvider provider, NetworkDriver driver) {
        this.provider = provider;
        this.driver = driver;
    }

    @Override
    public Observation observe(ResourceId id, NetworkSpec desired) {
        // the host holds what the stored topology says, so a stored resource is a realized one
        return provider.stored().find(id).isPresent() ? Observation.present(Map.of()) : Observation.absent();
    }

    @Override
    public Outcome create(ResourceId id, NetworkSpec desired) { return apply(Optional.empty()); }

    @Override
    public Outcome update(ResourceId id, NetworkSpec desired) { return apply(Optional.empty()); }

    @Override
    public Outcome delete(ResourceId id) { return apply(Optional.of(id)); }

    private Outcome apply(Optional<ResourceId> without) {
        try {
            driver.apply(TopologyBuilder.build(provider.stored(), without, provider.leases()));
            return Outcome.done();
        } catch (NetworkDriverException e) {
            return Outcome.failed(new ArmError(ArmErrorCode.InternalServerError.name(), "The host could not realize the network: " + e.getMessage(), null));
        }
    }
}
