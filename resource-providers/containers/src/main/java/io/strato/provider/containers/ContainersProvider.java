package io.strato.provider.containers;

import io.strato.provider.containers.oci.OciContainerGroupDriver;
import io.strato.spi.ProviderContext;
import io.strato.spi.ResourceProvider;
import io.strato.spi.ResourceTypeHandler;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The {@code Microsoft.ContainerInstance} namespace: container groups. {@link #configure} picks the driver named by
 * {@value #DRIVER_SETTING} ({@value #DEFAULT_DRIVER} when unset) from {@link #DRIVERS}.
 */
public final class ContainersProvider implements ResourceProvider {
    public static final String NAMESPACE = "Microsoft.ContainerInstance";
    public static final String DRIVER_SETTING = "strato.containers.driver";
    public static final String DEFAULT_DRIVER = "runc";

    /** The drivers {@value #DRIVER_SETTING} can name. */
    static final Map<String, Function<ProviderContext, ContainerGroupDriver>> DRIVERS = Map.of(
            "runc", context -> OciContainerGroupDriver.start(context, "runc"),
            "crun", context -> OciContainerGroupDriver.start(context, "crun"),
            "memory", context -> new InMemoryContainerGroupDriver());

    private final ContainerGroupHandler groups = new ContainerGroupHandler();

    @Override
    public String namespace() { return NAMESPACE; }

    @Override
    public List<ResourceTypeHandler<?>> resourceTypes() { return List.of(groups); }

    /**
     * Chooses the driver and hands it to the handler.
     *
     * @throws IllegalArgumentException when {@value #DRIVER_SETTING} names no known driver
     */
    @Override
    public void configure(ProviderContext context) {
        String name = context.setting(DRIVER_SETTING).map(String::trim).filter(s -> !s.isEmpty())
                .orElse(DEFAULT_DRIVER).toLowerCase(Locale.ROOT);
        var factory = DRIVERS.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("Unknown " + DRIVER_SETTING + " '" + name + "'; the drivers are "
                    + String.join(", ", new TreeSet<>(DRIVERS.keySet())) + ".");
        }
        groups.configure(context, factory.apply(context));
    }
}
