package io.strato.provider.storage.file;

/**
 * A directory or file of a share as the store reports it.
 *
 * @param name       its last path component (empty for the root directory)
 * @param directory  whether it is a directory
 * @param size       a file's size in bytes (0 for a directory)
 * @param properties its id, ETag, times, headers and metadata
 */
public record FileEntry(String name, boolean directory, long size, FileProperties properties) {}
