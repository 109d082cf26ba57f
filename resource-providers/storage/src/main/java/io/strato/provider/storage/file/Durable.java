package io.strato.provider.storage.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Forcing folders to disk, so a rename or a new entry in them survives a crash. */
final class Durable {
    private Durable() {}

    static void forceDirectory(Path dir) throws IOException {
        FileChannel c;
        try {
            c = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException e) {
            return; // a file system that cannot open folders (not Linux) offers no way to force them
        }
        try (c) {
            c.force(true);
        }
    }
}
