package io.strato.provider.containers.oci;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;

/**
 * crun refuses a host in hybrid cgroup mode while the cgroup v2 hierarchy owns a controller ("cgroups in hybrid mode
 * not supported, drop all controllers from cgroupv2"). On such hosts only {@code hugetlb} is left to v2; binding it
 * to a v1 mount of its own empties v2's controller list and crun runs. runc needs none of this.
 */
final class CgroupFix {
    private static final Logger LOG = Logger.getLogger(CgroupFix.class.getName());
    private static final Path UNIFIED = Path.of("/sys/fs/cgroup/unified/cgroup.controllers");

    private CgroupFix() {}

    /** Where the controllers go: host-wide, as the fix is (it lasts until the host reboots). */
    static final Path MOUNTS = Path.of("/run/strato-containers");

    static void forCrun() {
        try {
            if (!Files.exists(UNIFIED) || Files.readString(UNIFIED).isBlank()) return;
            String controllers = Files.readString(UNIFIED).trim();
            for (String c : controllers.split("\\s+")) {
                Path target = MOUNTS.resolve("cgroup-" + c);
                Files.createDirectories(target);
                if (!Mounts.isMounted(target)) Shell.check(List.of("mount", "-t", "cgroup", "-o", c, "strato-" + c, target.toString()));
            }
            LOG.info("moved cgroup v2 controllers " + controllers + " to v1 mounts so crun accepts this hybrid host");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
