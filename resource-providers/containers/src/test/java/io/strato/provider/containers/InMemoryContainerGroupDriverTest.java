package io.strato.provider.containers;

import io.strato.model.ResourceId;
import io.strato.spi.ExternalClient;
import io.strato.testkit.ExternalClientContract;

class InMemoryContainerGroupDriverTest extends ExternalClientContract<ContainerGroupSpec> {
    @Override
    protected ExternalClient<ContainerGroupSpec> newClient() { return new InMemoryContainerGroupDriver(); }

    @Override
    protected ResourceId id() { return Fixtures.group("memgroup"); }

    @Override
    protected ContainerGroupSpec desired() {
        return ContainerGroupRequest.parse(Fixtures.azCreate("busybox", "['sleep','3600']", 80)).spec();
    }
}
