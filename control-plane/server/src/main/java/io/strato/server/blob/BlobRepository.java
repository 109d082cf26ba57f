package io.strato.server.blob;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.provider.storage.blob.BlobErrorCode;
import io.strato.provider.storage.blob.BlobXml;
import io.strato.provider.storage.blob.ContentId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The Blob data plane's metadata in PostgreSQL (tables {@code blob} and {@code blob_block}), over plain JDBC: these
 * are the hot paths of uploads and downloads. Every write to one blob takes a transaction-scoped advisory lock on
 * it, so conditions checked inside the transaction hold when it commits, and commits with {@code synchronous_commit}
 * on, so the 201 that follows is sent only once the write is in the WAL on disk. Small blobs carry their bytes in
 * the row ({@link BlobRow#inline()}), so that one commit makes content and metadata durable together.
 */
@ApplicationScoped
public class BlobRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    @Inject DataSource dataSource;

    /**
     * A committed blob. Its bytes are either a content of the {@code BlobStore} ({@code content}, {@code inline}
     * null) or in the row itself ({@code inline}, {@code content} null; never with a block list). A row read by
     * {@link #page} leaves {@code inline} out: it is then {@link #UNREAD}. {@code blocks} is its committed block list
     * (empty for a blob written by Put Blob).
     */
    public record BlobRow(String containerKey, String name, ContentId content, long size, String etag, Instant created, Instant modified,
                          String contentType, String contentEncoding, String contentLanguage, String contentDisposition,
                          String cacheControl, String contentMd5, Map<String, String> metadata, List<BlobXml.Block> blocks, byte[] inline) {
        /** Stands for bytes kept in the row but not read (listings). */
        public static final byte[] UNREAD = new byte[0];

        public BlobRow {
            if ((content == null) == (inline == null)) throw new IllegalArgumentException("a blob's bytes are in a content or in its row, not both");
            if (inline != null && !blocks.isEmpty()) throw new IllegalArgumentException("a blob with a block list is kept in a content");
        }

        public boolean isInline() { return inline != null; }

        /** The content holding the bytes, when they are not in the row. */
        public Optional<ContentId> stored() { return Optional.ofNullable(content); }

        public BlobRow withProperties(String type, String encoding, String language, String disposition, String cache, String md5,
                                      String newEtag, Instant now) {
            return new BlobRow(containerKey, name, content, size, newEtag, created, now, type, encoding, language, disposition, cache, md5, metadata, blocks, inline);
        }

        public BlobRow withMetadata(Map<String, String> m, String newEtag, Instant now) {
            return new BlobRow(containerKey, name, content, size, newEtag, created, now, contentType, contentEncoding, contentLanguage,
                    contentDisposition, cacheControl, contentMd5, m, blocks, inline);
        }
    }

    /** What a {@link #put} replaced: the contents (the previous blob's, uncommitted blocks) to delete now. */
    public record Replaced(List<ContentId> garbage) {}

    /** An uncommitted block. */
    public record StagedBlock(String id, ContentId content, long size) {}

    /** Work done inside a write transaction on one blob; sees the current row (empty when none). */
    @FunctionalInterface
    public interface BlobWrite<T> {
        T apply(Tx tx, Optional<BlobRow> current) throws SQLException;
    }

    public Optional<BlobRow> find(String containerKey, String name) {
        try (Connection c = dataSource.getConnection()) {
            return find(c, containerKey, name, false);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read blob metadata", e);
        }
    }

    /**
     * Runs {@code work} in one transaction holding the blob's lock. A missing container (the row it hangs off) is
     * {@code ContainerNotFound}.
     */
    public <T> T write(String containerKey, String name, BlobWrite<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<BlobRow> current;
                // one round trip: durable commit, the blob's lock, its current row
                try (PreparedStatement p = c.prepareStatement(DURABLE + LOCK + "SELECT * FROM blob WHERE container_key = ? AND name = ?")) {
                    p.setString(1, containerKey + "/" + name);
                    p.setString(2, containerKey);
                    p.setString(3, name);
                    try (ResultSet r = lastResult(p)) {
                        current = r.next() ? Optional.of(row(r, true)) : Optional.empty();
                    }
                }
                T result = work.apply(new Tx(c), current);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                if (e instanceof SQLException s && FOREIGN_KEY_VIOLATION.equals(s.getSQLState())) throw BlobErrorCode.ContainerNotFound.exception();
                throw e;
            }
        } catch (SQLException e) {
            if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) throw BlobErrorCode.ContainerNotFound.exception();
            throw new IllegalStateException("cannot write blob metadata", e);
        }
    }

    /** The transaction's commit waits for its WAL to reach the disk, whatever the server's default. */
    private static final String DURABLE = "SET LOCAL synchronous_commit TO on;\n";
    private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtextextended(?, 0));\n";

    /** Executes a statement list and returns the result set of its last query. */
    private static ResultSet lastResult(PreparedStatement p) throws SQLException {
        boolean isResult = p.execute();
        ResultSet last = null;
        while (true) {
            if (isResult) {
                if (last != null) last.close();
                last = p.getResultSet();
            } else if (p.getUpdateCount() == -1) {
                break;
            }
            isResult = p.getMoreResults(java.sql.Statement.KEEP_CURRENT_RESULT);
        }
        if (last == null) throw new SQLException("the statements returned no rows");
        return last;
    }

    /**
     * Writes {@code b} whatever the blob's current state (Put Blob and Copy Blob without conditions), dropping its
     * uncommitted blocks, in one round trip to PostgreSQL that also commits: lock, read what is replaced, write,
     * commit. A missing container is {@code ContainerNotFound}.
     */
    public Replaced put(BlobRow b) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<ContentId> garbage = new ArrayList<>();
                try (PreparedStatement p = c.prepareStatement(DURABLE + LOCK + """
                        WITH cur AS (SELECT content_id FROM blob WHERE container_key = ? AND name = ?),
                             dropped AS (DELETE FROM blob_block WHERE container_key = ? AND blob_name = ? RETURNING content_id),
                             up AS (""" + UPSERT + """
                        )
                        SELECT (SELECT content_id FROM cur), ARRAY(SELECT content_id FROM dropped);
                        COMMIT""")) {
                    p.setString(1, b.containerKey() + "/" + b.name());
                    p.setString(2, b.containerKey());
                    p.setString(3, b.name());
                    p.setString(4, b.containerKey());
                    p.setString(5, b.name());
                    bind(p, 6, b);
                    try (ResultSet r = lastResult(p)) {
                        r.next();
                        if (r.getObject(1) != null) garbage.add(new ContentId((UUID) r.getObject(1)));
                        for (Object id : (Object[]) r.getArray(2).getArray()) garbage.add(new ContentId((UUID) id));
                    }
                }
                c.commit(); // committed by the statement list already; this only settles the driver's state
                return new Replaced(garbage);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) throw BlobErrorCode.ContainerNotFound.exception();
            throw new IllegalStateException("cannot write blob metadata", e);
        }
    }

    /** Inserts or replaces a blob row; {@code created_at} stays the first write's. 16 parameters (see {@link #bind}). */
    private static final String UPSERT = """
            INSERT INTO blob (container_key, name, content_id, size, etag, created_at, modified_at, content_type, content_encoding,
                              content_language, content_disposition, cache_control, content_md5, metadata, blocks, inline_content)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)
            ON CONFLICT (container_key, name) DO UPDATE SET content_id = EXCLUDED.content_id, size = EXCLUDED.size,
              etag = EXCLUDED.etag, modified_at = EXCLUDED.modified_at,
              content_type = EXCLUDED.content_type, content_encoding = EXCLUDED.content_encoding,
              content_language = EXCLUDED.content_language, content_disposition = EXCLUDED.content_disposition,
              cache_control = EXCLUDED.cache_control, content_md5 = EXCLUDED.content_md5, metadata = EXCLUDED.metadata,
              blocks = EXCLUDED.blocks, inline_content = EXCLUDED.inline_content""";

    private static void bind(PreparedStatement p, int first, BlobRow b) throws SQLException {
        int i = first;
        p.setString(i++, b.containerKey());
        p.setString(i++, b.name());
        p.setObject(i++, b.content() == null ? null : b.content().value(), java.sql.Types.OTHER);
        p.setLong(i++, b.size());
        p.setString(i++, b.etag());
        p.setTimestamp(i++, Timestamp.from(b.created()));
        p.setTimestamp(i++, Timestamp.from(b.modified()));
        p.setString(i++, b.contentType());
        p.setString(i++, b.contentEncoding());
        p.setString(i++, b.contentLanguage());
        p.setString(i++, b.contentDisposition());
        p.setString(i++, b.cacheControl());
        p.setString(i++, b.contentMd5());
        p.setString(i++, json(b.metadata()));
        p.setString(i++, b.blocks().isEmpty() ? null : json(b.blocks()));
        p.setBytes(i, b.inline());
    }

    /** The statements available inside {@link #write}. */
    public final class Tx {
        private final Connection c;

        Tx(Connection c) { this.c = c; }

        /** Writes the row; {@code created_at} stays the first write's. */
        public void upsert(BlobRow b) throws SQLException {
            if (b.inline() == BlobRow.UNREAD) throw new IllegalArgumentException("a listed row carries no bytes to write");
            try (PreparedStatement p = c.prepareStatement(UPSERT)) {
                bind(p, 1, b);
                p.executeUpdate();
            }
        }

        public void delete(String containerKey, String name) throws SQLException {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM blob WHERE container_key = ? AND name = ?")) {
                p.setString(1, containerKey);
                p.setString(2, name);
                p.executeUpdate();
            }
        }

        /** Removes the blob's uncommitted blocks and returns their contents (for the caller to delete after commit). */
        public List<ContentId> dropStaged(String containerKey, String name) throws SQLException {
            List<ContentId> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("DELETE FROM blob_block WHERE container_key = ? AND blob_name = ? RETURNING content_id")) {
                p.setString(1, containerKey);
                p.setString(2, name);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) out.add(new ContentId((UUID) r.getObject(1)));
                }
            }
            return out;
        }

        public Map<String, StagedBlock> staged(String containerKey, String name) throws SQLException {
            return stagedBlocks(c, containerKey, name);
        }

        /** Records an uncommitted block; returns the content of the block it replaced. */
        public Optional<ContentId> stage(String containerKey, String name, StagedBlock block) throws SQLException {
            Optional<ContentId> previous = Optional.empty();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT content_id FROM blob_block WHERE container_key = ? AND blob_name = ? AND block_id = ?")) {
                p.setString(1, containerKey);
                p.setString(2, name);
                p.setString(3, block.id());
                try (ResultSet r = p.executeQuery()) {
                    if (r.next()) previous = Optional.of(new ContentId((UUID) r.getObject(1)));
                }
            }
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO blob_block (container_key, blob_name, block_id, content_id, size, staged_at) VALUES (?, ?, ?, ?, ?, now())
                    ON CONFLICT (container_key, blob_name, block_id) DO UPDATE SET content_id = EXCLUDED.content_id, size = EXCLUDED.size,
                      staged_at = EXCLUDED.staged_at""")) {
                p.setString(1, containerKey);
                p.setString(2, name);
                p.setString(3, block.id());
                p.setObject(4, block.content().value());
                p.setLong(5, block.size());
                p.executeUpdate();
            }
            return previous;
        }
    }

    /** Uncommitted blocks of a blob, in the order they were staged. */
    public Map<String, StagedBlock> staged(String containerKey, String name) {
        try (Connection c = dataSource.getConnection()) {
            return stagedBlocks(c, containerKey, name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read blocks", e);
        }
    }

    private static Map<String, StagedBlock> stagedBlocks(Connection c, String containerKey, String name) throws SQLException {
        Map<String, StagedBlock> out = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement(
                "SELECT block_id, content_id, size FROM blob_block WHERE container_key = ? AND blob_name = ? ORDER BY staged_at, block_id")) {
            p.setString(1, containerKey);
            p.setString(2, name);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) out.put(r.getString(1), new StagedBlock(r.getString(1), new ContentId((UUID) r.getObject(2)), r.getLong(3)));
            }
        }
        return out;
    }

    /**
     * Up to {@code limit} blobs whose names start with {@code prefix}, from {@code from} (inclusive) on, in byte order.
     */
    public List<BlobRow> page(String containerKey, String prefix, String from, int limit) {
        String lower = from != null && from.compareTo(prefix) > 0 ? from : prefix;
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT " + LISTED + " FROM blob WHERE container_key = ? AND name >= ? AND starts_with(name, ?) ORDER BY name LIMIT ?")) {
            p.setString(1, containerKey);
            p.setString(2, lower);
            p.setString(3, prefix);
            p.setInt(4, limit);
            List<BlobRow> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) out.add(row(r, false));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list blobs", e);
        }
    }

    private static Optional<BlobRow> find(Connection c, String containerKey, String name, boolean lock) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT * FROM blob WHERE container_key = ? AND name = ?" + (lock ? " FOR UPDATE" : ""))) {
            p.setString(1, containerKey);
            p.setString(2, name);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(row(r, true)) : Optional.empty();
            }
        }
    }

    /** Every column but the bytes: what a listing needs. */
    private static final String LISTED = "container_key, name, content_id, size, etag, created_at, modified_at, content_type, content_encoding, "
            + "content_language, content_disposition, cache_control, content_md5, metadata, blocks, inline_content IS NOT NULL AS inline";

    private static BlobRow row(ResultSet r, boolean withBytes) throws SQLException {
        try {
            Map<String, String> metadata = JSON.readValue(r.getString("metadata"), new TypeReference<LinkedHashMap<String, String>>() {});
            String blocks = r.getString("blocks");
            List<BlobXml.Block> list = blocks == null ? List.of() : JSON.readValue(blocks, new TypeReference<List<BlobXml.Block>>() {});
            UUID content = (UUID) r.getObject("content_id");
            byte[] inline = withBytes ? r.getBytes("inline_content") : r.getBoolean("inline") ? BlobRow.UNREAD : null;
            return new BlobRow(r.getString("container_key"), r.getString("name"), content == null ? null : new ContentId(content),
                    r.getLong("size"), r.getString("etag"), r.getTimestamp("created_at").toInstant(), r.getTimestamp("modified_at").toInstant(),
                    r.getString("content_type"), r.getString("content_encoding"), r.getString("content_language"),
                    r.getString("content_disposition"), r.getString("cache_control"), r.getString("content_md5"), metadata, list, inline);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("unreadable blob metadata", e);
        }
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
