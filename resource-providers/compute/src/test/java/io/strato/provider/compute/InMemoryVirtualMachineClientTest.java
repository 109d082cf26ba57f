package io.strato.provider.compute;

import io.strato.model.ResourceId;
import io.strato.spi.ExternalClient;
import io.strato.testkit.ExternalClientContract;
import io.strato.testkit.InMemorySecretVault;
import java.time.Duration;
import java.util.Optional;

/** The VM client over the in-memory machine driver passes the driver contract. */
class InMemoryVirtualMachineClientTest extends ExternalClientContract<VirtualMachineSpec> {
    @Override
    protected ExternalClient<VirtualMachineSpec> newClient() {
        return new VirtualMachineClient(new InMemoryMachineDriver(), ImageSource.fake(), GuestNetwork.userMode(), null, id -> java.util.Optional.empty(),
                new InMemorySecretVault(), Duration.ofMinutes(1), Fixtures.CLOCK);
    }

    @Override
    protected ResourceId id() { return Fixtures.vm("vm1"); }

    @Override
    protected VirtualMachineSpec desired() {
        return VirtualMachineRequest.parse(id(), Fixtures.tinyVm(), Optional.empty(), Fixtures.NOW).spec();
    }
}
