package io.strato.provider.compute;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How scripts (CustomScript extensions) reach a running guest: a second seed medium, {@code ext.img}, a read-only
 * virtio disk of fixed size that holds a ustar archive. Its first member is {@code STRATO-EXTENSIONS}, whose content
 * (at byte 512) is the medium's generation; then {@code list} (lines {@code name sequence file}) and the scripts.
 *
 * <p>The guest's init (the tiny image) or agent ({@code strato-extensions}, the Debian image) polls the generation
 * with {@code O_DIRECT} reads every two seconds; when it changes it reads the archive, checks the generation again (a
 * rewrite in between is picked up at the next poll), runs every script whose sequence it has not run in this boot and
 * reports {@code STRATO-EXTENSION-EXIT: name sequence exit stdout stderr} (the outputs' tails in base64) on its serial
 * console; a name no longer listed is forgotten, so an extension deleted and made again runs again. The host rewrites
 * the medium in place (QEMU keeps its file open): everything after the first kilobyte first, then the first kilobyte,
 * so a guest never sees a new generation before its content.
 *
 * <p>Per machine folder: {@code scripts/NAME.sh}, {@code scripts/NAME.seq} and {@code scripts/NAME.from} (where in this
 * boot's serial log its reports start to count) (mode 0600: a script may carry protected settings), {@code results.json} (outcomes of earlier boots: the serial log starts empty at every boot) and the
 * medium. A medium holds only scripts without an outcome, so a reboot does not run a finished script again: outcomes
 * are kept, and the medium rewritten, as soon as the driver sees them ({@link #settle}) and before every boot.
 */
final class ScriptMedium {
    static final String FILE = "ext.img";
    static final long SIZE = 8L << 20;
    static final String MAGIC = "STRATO-EXTENSIONS";
    private static final int OUTPUT_TAIL = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.concurrent.atomic.AtomicLong GENERATIONS = new java.util.concurrent.atomic.AtomicLong();

    private final Path dir;

    /**
     * This boot's serial log as read: its text (ISO-8859-1, one character a byte) and the offset in the log file of its
     * first byte (the driver reads only the log's tail).
     */
    record Console(String text, long start) {}

    ScriptMedium(Path machineDir) { this.dir = machineDir; }

    /**
     * Stores a script and rewrites the medium; the same name and sequence again is a no-op (returns false). Reports of
     * that name before {@code logLength}, the serial log's length now (an extension deleted and made again with the same
     * sequence), are not its outcome.
     */
    boolean put(MachineDriver.GuestScript script, long logLength) throws IOException {
        Path scripts = scripts();
        Path seq = scripts.resolve(script.name() + ".seq");
        if (Files.isRegularFile(seq) && Files.readString(seq).trim().equals(String.valueOf(script.sequence()))
                && Files.isRegularFile(scripts.resolve(script.name() + ".sh"))) {
            return false;
        }
        writePrivate(scripts.resolve(script.name() + ".sh"), script.script());
        writePrivate(scripts.resolve(script.name() + ".from"), String.valueOf(logLength).getBytes(StandardCharsets.UTF_8));
        writePrivate(seq, String.valueOf(script.sequence()).getBytes(StandardCharsets.UTF_8));
        List<MachineDriver.ExtensionResult> kept = new ArrayList<>(stored());
        kept.removeIf(r -> r.name().equals(script.name()));
        store(kept);
        write();
        return true;
    }

    /** Forgets a script and its outcome, and rewrites the medium. */
    void remove(String name) throws IOException {
        Files.deleteIfExists(scripts().resolve(name + ".sh"));
        Files.deleteIfExists(scripts().resolve(name + ".seq"));
        Files.deleteIfExists(scripts().resolve(name + ".from"));
        List<MachineDriver.ExtensionResult> kept = new ArrayList<>(stored());
        if (kept.removeIf(r -> r.name().equals(name))) store(kept);
        write();
    }

    /**
     * Keeps the outcomes the guest reported in this boot's log (called before a new boot empties the log); returns
     * whether one was new.
     */
    boolean harvest(Console console) throws IOException {
        Map<String, MachineDriver.ExtensionResult> merged = new LinkedHashMap<>();
        for (MachineDriver.ExtensionResult r : stored()) merged.put(r.name(), r);
        boolean changed = false;
        for (MachineDriver.ExtensionResult r : reports(console)) {
            if (r.finished() && current(r.name()).map(s -> s == r.sequence()).orElse(false) && !r.equals(merged.get(r.name()))) {
                merged.put(r.name(), r);
                changed = true;
            }
        }
        if (changed) store(new ArrayList<>(merged.values()));
        return changed;
    }

    /**
     * Keeps the outcomes the running guest has reported and, when one is new, rewrites the medium without its script:
     * a reboot of the same process (a guest's own reboot, a reset) then finds only scripts that have not finished.
     */
    void settle(Console console) throws IOException {
        if (harvest(console)) write();
    }

    /** Before a new boot, whose log starts empty: keeps the last boot's outcomes and writes the medium for the new one. */
    void boot(Console lastBoot) throws IOException {
        harvest(lastBoot);
        for (String name : names()) Files.deleteIfExists(dir.resolve("scripts").resolve(name + ".from"));
        write();
    }

    /** Every stored script with its outcome: from this boot's log, from an earlier boot, or none yet (waiting). */
    List<MachineDriver.ExtensionResult> results(Console console) {
        Map<String, MachineDriver.ExtensionResult> fromLog = new LinkedHashMap<>();
        for (MachineDriver.ExtensionResult r : reports(console)) fromLog.put(r.name() + "@" + r.sequence(), r);
        Map<String, MachineDriver.ExtensionResult> earlier = new LinkedHashMap<>();
        for (MachineDriver.ExtensionResult r : stored()) earlier.put(r.name() + "@" + r.sequence(), r);
        List<MachineDriver.ExtensionResult> out = new ArrayList<>();
        for (String name : names()) {
            long seq = current(name).orElse(-1L);
            String key = name + "@" + seq;
            MachineDriver.ExtensionResult r = fromLog.get(key);
            if (r == null || !r.finished()) r = earlier.getOrDefault(key, r);
            out.add(r != null ? r : new MachineDriver.ExtensionResult(name, seq, null, "", ""));
        }
        return out;
    }

    /** Writes the medium with every script that has no outcome yet; makes the file when it is missing. */
    void write() throws IOException {
        Path staging = Files.createTempDirectory(dir, "ext");
        try {
            long generation = GENERATIONS.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
            List<String> members = new ArrayList<>(List.of(MAGIC, "list"));
            StringBuilder list = new StringBuilder();
            Map<String, Long> done = new LinkedHashMap<>();
            for (MachineDriver.ExtensionResult r : stored()) if (r.finished()) done.put(r.name(), r.sequence());
            int n = 0;
            for (String name : names()) {
                long seq = current(name).orElse(-1L);
                if (done.containsKey(name) && done.get(name) == seq) continue;
                String file = "s" + (n++) + ".sh";
                Files.copy(scripts().resolve(name + ".sh"), staging.resolve(file));
                list.append(name).append(' ').append(seq).append(' ').append(file).append('\n');
                members.add(file);
            }
            Files.writeString(staging.resolve(MAGIC), generation + "\n");
            Files.writeString(staging.resolve("list"), list.toString());
            Path tar = staging.resolve("medium.tar");
            List<String> cmd = new ArrayList<>(List.of("tar", "--format=ustar", "--owner=0", "--group=0", "-cf", tar.toString(), "-C", staging.toString()));
            cmd.addAll(members);
            Processes.run(cmd);
            byte[] archive = Files.readAllBytes(tar);
            if (archive.length > SIZE) throw new IOException("the scripts for this machine take " + archive.length + " bytes; at most " + SIZE + " fit");
            Path medium = dir.resolve(FILE);
            if (!Files.exists(medium)) {
                Path temp = dir.resolve(FILE + ".tmp");
                try (FileChannel c = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                    c.write(ByteBuffer.wrap(new byte[1]), SIZE - 1);
                }
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
                Files.move(temp, medium, StandardCopyOption.ATOMIC_MOVE);
            }
            try (FileChannel c = FileChannel.open(medium, StandardOpenOption.WRITE)) {
                byte[] zeros = new byte[1024];   // an end-of-archive after the new content
                c.write(ByteBuffer.wrap(archive, 1024, archive.length - 1024), 1024);
                c.write(ByteBuffer.wrap(zeros), archive.length);
                c.force(false);
                c.write(ByteBuffer.wrap(archive, 0, 1024), 0);
                c.force(false);
            }
        } finally {
            try (Stream<Path> all = Files.walk(staging)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The reports on the console that came after their script was handed over. */
    private List<MachineDriver.ExtensionResult> reports(Console console) {
        Map<String, Long> from = new LinkedHashMap<>();
        for (String name : names()) from.put(name, since(name));
        return parse(console.text(), (name, offset) -> console.start() + offset >= from.getOrDefault(name, 0L));
    }

    /** The outcomes on the console: {@code STRATO-EXTENSION-START: name seq} and {@code STRATO-EXTENSION-EXIT: name seq rc out err}. */
    static List<MachineDriver.ExtensionResult> parse(String log) { return parse(log, (name, offset) -> true); }

    /** Which report lines count: by the script's name and the line's offset in the log text. */
    private interface Accept { boolean test(String name, long offset); }

    private static List<MachineDriver.ExtensionResult> parse(String log, Accept after) {
        Map<String, MachineDriver.ExtensionResult> out = new LinkedHashMap<>();
        int at = 0;
        while (at < log.length()) {
            int nl = log.indexOf('\n', at);
            int end = nl < 0 ? log.length() : nl;
            String line = log.substring(at, end > at && log.charAt(end - 1) == '\r' ? end - 1 : end);
            long offset = at;
            at = end + 1;
            try {
                if (line.startsWith("STRATO-EXTENSION-START: ")) {
                    String[] p = line.substring(24).trim().split(" ");
                    if (p.length == 2 && after.test(p[0], offset)) out.put(p[0] + "@" + p[1], new MachineDriver.ExtensionResult(p[0], Long.parseLong(p[1]), null, "", ""));
                } else if (line.startsWith("STRATO-EXTENSION-EXIT: ")) {
                    String[] p = line.substring(23).trim().split(" ");
                    if (p.length == 5 && after.test(p[0], offset)) {
                        out.put(p[0] + "@" + p[1], new MachineDriver.ExtensionResult(p[0], Long.parseLong(p[1]), Integer.parseInt(p[2]),
                                decode(p[3]), decode(p[4])));
                    }
                }
            } catch (IllegalArgumentException ignored) {
                // a garbled console line: that script's outcome stays unknown until a clean report
            }
        }
        return new ArrayList<>(out.values());
    }

    private static String decode(String field) {
        if (field.equals("-")) return "";
        byte[] bytes = Base64.getDecoder().decode(field);
        String s = new String(bytes, StandardCharsets.UTF_8);
        return s.length() > OUTPUT_TAIL ? s.substring(s.length() - OUTPUT_TAIL) : s;
    }

    private Path scripts() throws IOException {
        Path s = dir.resolve("scripts");
        if (!Files.isDirectory(s)) {
            Files.createDirectories(s);
            Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
        }
        return s;
    }

    private List<String> names() {
        Path s = dir.resolve("scripts");
        if (!Files.isDirectory(s)) return List.of();
        try (Stream<Path> files = Files.list(s)) {
            return files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".seq"))
                    .map(f -> f.substring(0, f.length() - 4)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Where in the log file reports of a script start to count (see {@link #put}); 0 when not recorded. */
    private long since(String name) {
        try {
            return Long.parseLong(Files.readString(dir.resolve("scripts").resolve(name + ".from")).trim());
        } catch (IOException | NumberFormatException e) {
            return 0L;
        }
    }

    private Optional<Long> current(String name) {
        try {
            return Optional.of(Long.parseLong(Files.readString(dir.resolve("scripts").resolve(name + ".seq")).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private List<MachineDriver.ExtensionResult> stored() {
        Path f = dir.resolve("results.json");
        if (!Files.isRegularFile(f)) return List.of();
        try {
            return JSON.readValue(f.toFile(), new TypeReference<List<MachineDriver.ExtensionResult>>() {});
        } catch (IOException e) {
            return List.of();
        }
    }

    private void store(List<MachineDriver.ExtensionResult> results) throws IOException {
        Path temp = dir.resolve("results.json.tmp");
        JSON.writeValue(temp.toFile(), results);
        Files.move(temp, dir.resolve("results.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writePrivate(Path file, byte[] content) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(temp, content);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
