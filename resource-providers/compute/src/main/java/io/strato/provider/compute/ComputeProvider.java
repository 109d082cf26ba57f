package io.strato.provider.compute;

import io.strato.model.ResourceId;
import io.strato.spi.ProviderContext;
import io.strato.spi.ProviderQuery;
import io.strato.spi.PublicContent;
import io.strato.spi.ResourceProvider;
import io.strato.spi.ResourceTypeHandler;
import io.strato.spi.StoredResource;
import io.strato.spi.network.NetworkPorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The {@code Microsoft.Compute} namespace: virtual machines, VM sizes, resource SKUs and the platform image
 * catalogue. {@link #configure} picks the machine driver named by {@value #DRIVER_SETTING} ({@value #DEFAULT_DRIVER}
 * when unset) from {@link #DRIVERS}.
 *
 * <p>Settings: {@code strato.compute.image-cache} (built images, default {@code ~/.cache/strato/images}),
 * {@code strato.compute.accelerator} ({@code auto}, {@code kvm} or {@code tcg}), {@code strato.compute.qemu}
 * (the emulator binary), {@code strato.compute.provisioning-timeout} (ISO-8601 duration, default 20 minutes),
 * {@code strato.location}.
 */
public final class ComputeProvider implements ResourceProvider {
    public static final String NAMESPACE = "Microsoft.Compute";
    public static final String DRIVER_SETTING = "strato.compute.driver";
    public static final String DEFAULT_DRIVER = "qemu";
    static final String SERIAL_LOG = "bootdiagnostics/";
    static final String ALIAS_DOC = "vmImageAliasDoc";
    /** The image that boots in place of a Linux marketplace image the appliance does not have; {@code none} refuses them. */
    public static final String STAND_IN_SETTING = "strato.compute.linux-stand-in";

    /** Makes a machine driver and the image source it boots from. */
    record Drivers(MachineDriver machines, ImageSource images) {}

    /** The drivers {@value #DRIVER_SETTING} can name. */
    static final Map<String, Function<ProviderContext, Drivers>> DRIVERS = Map.of(
            "qemu", ComputeProvider::qemu,
            "memory", context -> new Drivers(new InMemoryMachineDriver(), ImageSource.fake()));

    private final Clock clock;
    private final VirtualMachineHandler machines;
    private final DiskHandler disks;
    private final VmExtensionHandler extensions;
    private final AvailabilitySetHandler availabilitySets = new AvailabilitySetHandler();
    private final ImageHandler images = new ImageHandler();
    private final ScaleSetHandler scaleSets;
    private volatile ScaleSetClient scaleSetClient;
    private volatile String location = "local";
    private volatile ContentSigner signer;
    private volatile VirtualMachineClient client;
    private volatile ProviderContext context;

    public ComputeProvider() { this(Clock.systemUTC()); }

    ComputeProvider(Clock clock) {
        this.clock = clock;
        this.machines = new VirtualMachineHandler(clock);
        this.disks = new DiskHandler(clock);
        this.scaleSets = new ScaleSetHandler(clock);
        this.extensions = new VmExtensionHandler(clock);
        this.machines.extensions(extensions);
        this.machines.availabilitySets(availabilitySets);
    }

    @Override public String namespace() { return NAMESPACE; }

    @Override public List<ResourceTypeHandler<?>> resourceTypes() { return List.of(machines, disks, extensions, availabilitySets, images, scaleSets); }

    @Override
    public void configure(ProviderContext context) {
        String name = context.setting(DRIVER_SETTING).map(String::trim).filter(s -> !s.isEmpty()).orElse(DEFAULT_DRIVER).toLowerCase(Locale.ROOT);
        Function<ProviderContext, Drivers> factory = DRIVERS.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("Unknown " + DRIVER_SETTING + " '" + name + "'; the drivers are " + String.join(", ", new TreeSet<>(DRIVERS.keySet())) + ".");
        }
        location = context.setting("strato.location").orElse("local");
        String standIn = context.setting(STAND_IN_SETTING).map(String::trim).orElse(PlatformImages.TINY.urn());
        if (standIn.equalsIgnoreCase("none")) {
            machines.standIn(Optional.empty());
            scaleSets.standIn(Optional.empty());
        } else {
            String[] u = standIn.split(":");
            if (u.length != 4) throw new IllegalArgumentException(STAND_IN_SETTING + " must be a URN publisher:offer:sku:version or none, not '" + standIn + "'");
            machines.standIn(Optional.of(PlatformImages.find(u[0], u[1], u[2], u[3]).orElseThrow(() ->
                    new IllegalArgumentException(STAND_IN_SETTING + " names no platform image of this appliance: " + standIn))));
            scaleSets.standIn(PlatformImages.find(u[0], u[1], u[2], u[3]));
        }
        Drivers drivers = factory.apply(context);
        Duration timeout = context.setting("strato.compute.provisioning-timeout").map(Duration::parse).orElse(Duration.ofMinutes(20));
        signer = new ContentSigner(context.dataDirectory().resolve("content.key"));
        this.context = context;
        DiskFiles diskFiles = name.equals("memory") ? null : new DiskFiles(context.dataDirectory().resolve("disks"));
        DiskFiles imageFiles = name.equals("memory") ? null : new DiskFiles(context.dataDirectory().resolve("images"));
        disks.configure(new DiskClient(diskFiles, imageFiles, drivers.images()), context.resources());
        java.util.function.Function<ResourceId, Optional<MachineDriver.MachineStatus>> vmStatus =
                vm -> drivers.machines().status(VirtualMachineClient.machineId(vm));
        disks.vmStatus(vmStatus);
        images.configure(new ImageClient(imageFiles, diskFiles, drivers.machines()), context.resources(), vmStatus);
        GuestNetwork network = GuestNetwork.of(() -> context.service(NetworkPorts.class));
        client = new VirtualMachineClient(drivers.machines(), drivers.images(), network, diskFiles,
                id -> context.resources().find(id).map(r -> r.spec(VirtualMachineSpec.class)),
                context.secrets(), timeout, clock);
        client.imageFiles(imageFiles);
        machines.diskExists(id -> context.resources() == io.strato.spi.StoredResources.NONE
                || context.resources().find(id).filter(r -> r.id().type().equals(DiskHandler.TYPE)).isPresent());
        machines.diskOwner(disks::attachedTo);
        machines.customImages(id -> context.resources().find(id).filter(r -> r.id().type().equals(ImageHandler.TYPE)).map(r -> r.spec(ImageSpec.class)));
        availabilitySets.configure(context.resources());
        extensions.configure(new VmExtensionClient(drivers.machines(), context.secrets(), timeout, clock,
                () -> context.service(io.strato.spi.BlobDownloads.class)), context.secrets(), context.resources());
        scaleSetClient = new ScaleSetClient(drivers.machines(), drivers.images(), new ScaleSetNetwork(() -> context.service(NetworkPorts.class)),
                id -> context.resources().findForUpdate(id).map(r -> r.spec(ScaleSetSpec.class)), context.secrets(), timeout, clock);
        scaleSets.configure(scaleSetClient, context.secrets(), ref -> context.service(NetworkPorts.class).isEmpty() || exists(context, ref));
        String base = context.baseUrl();
        VirtualMachineHandler.BootDiagnostics diagnostics = (id, validFor) -> {
            String path = SERIAL_LOG + VirtualMachineClient.machineId(id) + "/serialconsole.log";
            return base + "/content/" + NAMESPACE + "/" + path + "?" + signer.sign(path, clock.instant().plus(validFor));
        };
        machines.configure(client, context.secrets(), nic -> context.service(NetworkPorts.class).isEmpty() || context.resources().find(nic).isPresent(),
                diagnostics);
        scaleSets.diagnostics(diagnostics);
    }

    /** Whether a subnet or a load balancer's backend pool exists: its parent is stored and has a child of that name. */
    private static boolean exists(ProviderContext context, ResourceId ref) {
        String part = ref.type().lastType().equalsIgnoreCase("subnets") ? "subnets" : "backendAddressPools";
        return context.resources().find(ref.parent()).map(r -> {
            for (com.fasterxml.jackson.databind.JsonNode child : r.spec().path("body").path("properties").path(part)) {
                if (child.path("name").asText().equalsIgnoreCase(ref.name())) return true;
            }
            return false;
        }).orElse(false);
    }

    private static Drivers qemu(ProviderContext context) {
        Path cache = context.setting("strato.compute.image-cache").map(Path::of)
                .orElse(Path.of(System.getProperty("user.home"), ".cache", "strato", "images"));
        ImageCache images = new ImageCache(cache);
        String qemu = context.setting("strato.compute.qemu").orElse("qemu-system-x86_64");
        String accelSetting = context.setting("strato.compute.accelerator").orElse("auto");
        var accel = new java.util.concurrent.atomic.AtomicReference<String>();
        QemuMachineDriver driver = new QemuMachineDriver(context.dataDirectory().resolve("machines"), qemu, () -> accel.updateAndGet(a ->
                a != null ? a : Accelerator.choose(accelSetting, Path.of("/"), kvm -> KvmTrial.boots(qemu, images))));
        return new Drivers(driver, images);
    }

    /** Network interfaces must be plugged in again before their VMs boot. */
    @Override
    public List<String> resumeAfter() { return List.of("Microsoft.Network"); }

    /**
     * One step per stored VM and scale set: plug its NICs in again and boot its guests when they should run but have
     * no process (a host restart). Each is its own step, so the server gives each its own transaction.
     */
    @Override
    public List<ResumeStep> resumeSteps() {
        ProviderContext c = context;
        if (c == null) return List.of();
        List<ResumeStep> steps = new java.util.ArrayList<>(c.resources().listAll(VirtualMachineHandler.TYPE).stream()
                .map(r -> new ResumeStep("virtual machine " + r.id(), () -> client.restore(r.id(), r.spec(VirtualMachineSpec.class))))
                .toList());
        for (StoredResource r : c.resources().listAll(ScaleSetHandler.TYPE)) {
            steps.add(new ResumeStep("virtual machine scale set " + r.id(), () -> scaleSetClient.restore(r.id(), r.spec(ScaleSetSpec.class))));
        }
        return steps;
    }

    @Override
    public List<ProviderQuery> queries() {
        List<ProviderQuery> all = new java.util.ArrayList<>(ComputeQueries.all(location));
        all.addAll(ExtensionTypes.queries(location));
        return all;
    }

    @Override
    public Map<String, String> cloudEndpoints() { return Map.of(ALIAS_DOC, "/content/" + NAMESPACE + "/" + ALIAS_DOC); }

    /** The image-alias document, and a VM's serial log behind a signed link. */
    @Override
    public Optional<PublicContent> publicContent(String path, Map<String, String> query) {
        if (path.equalsIgnoreCase(ALIAS_DOC)) {
            return Optional.of(new PublicContent("application/json", PlatformImages.aliasDocument().toPrettyString().getBytes(StandardCharsets.UTF_8)));
        }
        if (path.startsWith(SERIAL_LOG) && path.endsWith("/serialconsole.log") && signer != null) {
            String machineId = path.substring(SERIAL_LOG.length(), path.length() - "/serialconsole.log".length());
            if (!machineId.matches("vm-[0-9a-f]{16}")) return Optional.empty();
            if (!signer.verify(path, query.get("se"), query.get("sig"), clock.instant())) return Optional.empty();
            if (client.driver().status(machineId).isEmpty()) return Optional.empty();
            return Optional.of(new PublicContent("text/plain; charset=utf-8", client.driver().serialLog(machineId)));
        }
        return Optional.empty();
    }

    VirtualMachineHandler virtualMachines() { return machines; }

    ScaleSetHandler scaleSets() { return scaleSets; }

    VmExtensionHandler vmExtensions() { return extensions; }

    AvailabilitySetHandler availabilitySets() { return availabilitySets; }

    ImageHandler images() { return images; }

    DiskHandler disks() { return disks; }

    /** For tests: the resource id's machine. */
    static String machineOf(ResourceId id) { return VirtualMachineClient.machineId(id); }
}
