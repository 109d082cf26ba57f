package io.strato.provider.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A QEMU Machine Protocol client over the VM's unix socket: one connection per command (greeting,
 * {@code qmp_capabilities}, the command), asynchronous events skipped.
 */
final class Qmp {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Qmp() {}

    /** Runs {@code command} and returns its {@code return} value. */
    static JsonNode execute(Path socket, String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
            OutputStream out = Channels.newOutputStream(channel);
            if (in.readLine() == null) throw new IOException("QMP closed before its greeting");
            call(in, out, "qmp_capabilities");
            return call(in, out, command);
        }
    }

    private static JsonNode call(BufferedReader in, OutputStream out, String command) throws IOException {
        ObjectNode request = JSON.createObjectNode().put("execute", command);
        out.write((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                if (command.equals("quit")) return JSON.createObjectNode();
                throw new IOException("QMP closed while answering " + command);
            }
            JsonNode reply = JSON.readTree(line);
            if (reply.has("return")) return reply.get("return");
            if (reply.has("error")) throw new IOException("QMP " + command + ": " + reply.get("error").path("desc").asText());
        }
    }
}
