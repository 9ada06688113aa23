package org.hubdex.localhub.internal;

import java.nio.file.attribute.FileTime;
import java.util.Locale;
import java.util.Set;

/**
 * One served file of a published commit: its path in the repository, the size and modification
 * time it had when hashed (to notice a later change), its SHA-256 and its git object id.
 *
 * @param path {@code /}-separated path inside the repository
 * @param size bytes
 * @param modified modification time when hashed
 * @param sha256 lower-case hex SHA-256 of the content (the hub's {@code lfs.sha256})
 * @param gitOid the git blob id the hub reports as {@code blobId}/{@code oid}: of the content, or
 *     of the LFS pointer for LFS files
 * @param lfs whether the hub would store it in LFS (weights and archives by extension, or 10 MiB and more)
 */
public record RepoFile(String path, long size, FileTime modified, String sha256, String gitOid, boolean lfs) {

    /** Files at least this large go to LFS whatever their name (the hub's default threshold). */
    public static final long LFS_THRESHOLD = 10L * 1024 * 1024;

    private static final Set<String> LFS_EXTENSIONS = Set.of("safetensors", "bin", "pt", "pth", "ckpt", "h5", "onnx", "msgpack",
            "gguf", "ggml", "npy", "npz", "pkl", "pickle", "tflite", "model", "ot", "joblib", "arrow", "parquet", "zip", "gz", "tar",
            "tgz", "7z", "bz2", "xz", "zst", "mlmodel", "pb", "tfevents", "wasm", "rar");

    /** Whether a file of this name and size is stored in LFS by the hub's default {@code .gitattributes}. */
    public static boolean isLfs(String path, long size) {
        if (size >= LFS_THRESHOLD) {
            return true;
        }
        int dot = path.lastIndexOf('.');
        int slash = path.lastIndexOf('/');
        return dot > slash && LFS_EXTENSIONS.contains(path.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The file's name, the last path segment. */
    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The LFS pointer file git would store for this file. */
    public static String lfsPointer(String sha256, long size) {
        return "version https://git-lfs.github.com/spec/v1\noid sha256:" + sha256 + "\nsize " + size + "\n";
    }

    /** The ETag the hub answers for this file: the SHA-256 for LFS files, the git blob id otherwise (unquoted). */
    public String etag() {
        return lfs ? sha256 : gitOid;
    }
}
