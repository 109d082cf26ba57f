package io.strato.provider.compute;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The VM sizes this appliance offers, with Azure's figures: a size maps to the vCPUs and memory a guest gets.
 * Served at {@code locations/{l}/vmSizes} and as resource SKUs.
 */
public final class VmSizes {
    /** One size: cores and memory as the guest sees them, and Azure's disk figures for the same size. */
    public record VmSize(String name, int cores, int memoryMiB, int maxDataDisks, int resourceDiskMiB, String family) {
        /** {@code Standard_DS1_v2} -> {@code DS1_v2}, the size part of a SKU. */
        public String skuSize() { return name.substring(name.indexOf('_') + 1); }
    }

    /** OS disk size limit Azure reports for every size: 1 TiB. */
    public static final int OS_DISK_MIB = 1047552;

    static final List<VmSize> ALL = List.of(
            new VmSize("Standard_B1ls", 1, 512, 2, 4096, "standardBSFamily"),
            new VmSize("Standard_B1s", 1, 1024, 2, 4096, "standardBSFamily"),
            new VmSize("Standard_B1ms", 1, 2048, 2, 4096, "standardBSFamily"),
            new VmSize("Standard_B2s", 2, 4096, 4, 8192, "standardBSFamily"),
            new VmSize("Standard_B2ms", 2, 8192, 4, 16384, "standardBSFamily"),
            new VmSize("Standard_A0", 1, 768, 1, 20480, "standardA0_A7Family"),
            new VmSize("Standard_A1", 1, 1792, 2, 71680, "standardA0_A7Family"),
            new VmSize("Standard_A2", 2, 3584, 4, 138240, "standardA0_A7Family"),
            new VmSize("Standard_A1_v2", 1, 2048, 2, 10240, "standardAv2Family"),
            new VmSize("Standard_A2_v2", 2, 4096, 4, 20480, "standardAv2Family"),
            new VmSize("Standard_A4_v2", 4, 8192, 8, 40960, "standardAv2Family"),
            new VmSize("Standard_D1", 1, 3584, 4, 51200, "standardDFamily"),
            new VmSize("Standard_D2", 2, 7168, 8, 102400, "standardDFamily"),
            new VmSize("Standard_D1_v2", 1, 3584, 4, 51200, "standardDv2Family"),
            new VmSize("Standard_D2_v2", 2, 7168, 8, 102400, "standardDv2Family"),
            new VmSize("Standard_DS1_v2", 1, 3584, 4, 7168, "standardDSv2Family"),
            new VmSize("Standard_DS2_v2", 2, 7168, 8, 14336, "standardDSv2Family"),
            new VmSize("Standard_D2s_v3", 2, 8192, 4, 16384, "standardDSv3Family"),
            new VmSize("Standard_D4s_v3", 4, 16384, 8, 32768, "standardDSv3Family"),
            new VmSize("Standard_D2_v3", 2, 8192, 4, 51200, "standardDv3Family"),
            new VmSize("Standard_D2s_v5", 2, 8192, 4, 0, "standardDSv5Family"),
            new VmSize("Standard_F1s", 1, 2048, 4, 4096, "standardFSFamily"),
            new VmSize("Standard_F2s_v2", 2, 4096, 4, 16384, "standardFSv2Family"));

    private static final Map<String, VmSize> BY_NAME = ALL.stream()
            .collect(Collectors.toMap(s -> s.name().toLowerCase(Locale.ROOT), Function.identity()));

    private VmSizes() {}

    /** The size by name, ignoring case. */
    public static Optional<VmSize> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
    }

    public static List<VmSize> all() { return ALL; }
}
