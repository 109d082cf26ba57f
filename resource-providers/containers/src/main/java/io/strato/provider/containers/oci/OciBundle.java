package io.strato.provider.containers.oci;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.provider.containers.ContainerGroupSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * The OCI runtime configuration ({@code config.json}) of one container: its process, the group's network
 * namespace, cgroup limits from the container's resources, and its volumes as bind mounts.
 */
final class OciBundle {
    /** Docker's default capabilities: what images expect of a root process. */
    static final List<String> CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
            "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
            "CAP_KILL", "CAP_AUDIT_WRITE");
    static final long CPU_PERIOD = 100_000;
    static final long PIDS_LIMIT = 4096;

    /** A bind mount of a group volume or file. */
    record Bind(Path source, String destination, boolean readOnly) {}

    private OciBundle() {}

    static ObjectNode config(List<String> args, List<String> env, String cwd, String hostname, Path rootfs, String netnsPath,
                             String cgroupsPath, ContainerGroupSpec.Amounts limits, List<Bind> binds) {
        ObjectNode c = ImageStore.object().put("ociVersion", "1.0.2");
        ObjectNode process = c.putObject("process").put("terminal", false);
        process.putObject("user").put("uid", 0).put("gid", 0);
        args.forEach(process.putArray("args")::add);
        env.forEach(process.putArray("env")::add);
        process.put("cwd", cwd == null || cwd.isBlank() ? "/" : cwd);
        ObjectNode caps = process.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) CAPABILITIES.forEach(caps.putArray(set)::add);
        // CAP_SYS_RESOURCE may be missing from the host's bounding set, so the hard limit stays at what the host allows
        process.putArray("rlimits").addObject().put("type", "RLIMIT_NOFILE").put("hard", 1024).put("soft", 1024);
        process.put("noNewPrivileges", true);
        c.putObject("root").put("path", rootfs.toString()).put("readonly", false);
        c.put("hostname", hostname);
        ArrayNode mounts = c.putArray("mounts");
        mount(mounts, "/proc", "proc", "proc");
        mount(mounts, "/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k");
        mount(mounts, "/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5");
        mount(mounts, "/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k");
        mount(mounts, "/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev");
        mount(mounts, "/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro");
        for (Bind b : binds) {
            mount(mounts, b.destination(), "bind", b.source().toString(), "rbind", b.readOnly() ? "ro" : "rw");
        }
        ObjectNode linux = c.putObject("linux");
        linux.put("cgroupsPath", cgroupsPath);
        ObjectNode resources = linux.putObject("resources");
        resources.putArray("devices").addObject().put("allow", false).put("access", "rwm");
        if (limits != null) {
            long memory = limits.memoryBytes();
            resources.putObject("memory").put("limit", memory).put("swap", memory);
            resources.putObject("cpu").put("quota", Math.max(1000, Math.round(limits.cpu() * CPU_PERIOD))).put("period", CPU_PERIOD);
        }
        resources.putObject("pids").put("limit", PIDS_LIMIT);
        ArrayNode ns = linux.putArray("namespaces");
        for (String t : List.of("pid", "ipc", "uts", "mount")) ns.addObject().put("type", t);
        ObjectNode net = ns.addObject().put("type", "network");
        if (netnsPath != null) net.put("path", netnsPath);
        for (String p : List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
                "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi")) {
            linux.withArray("maskedPaths").add(p);
        }
        for (String p : List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger")) linux.withArray("readonlyPaths").add(p);
        return c;
    }

    private static void mount(ArrayNode mounts, String destination, String type, String source, String... options) {
        ObjectNode m = mounts.addObject().put("destination", destination).put("type", type).put("source", source);
        if (options.length > 0) {
            ArrayNode o = m.putArray("options");
            for (String opt : options) o.add(opt);
        }
    }
}
