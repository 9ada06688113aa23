package org.hubdex.weightspace.tokenize;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hubdex.weightspace.safetensors.Dtype;
import org.hubdex.weightspace.safetensors.DtypeConversions;
import org.hubdex.weightspace.safetensors.TruncatedSafetensorsException;

/**
 * Reads runs of tensor elements into float arrays with as few source reads as possible: the byte ranges
 * of one file are sorted and merged when the gap between them is small, because over HTTP every read is a
 * request (and the hub counts requests), while a gap of a few kilobytes costs nothing. Values are
 * converted to float32 straight into their destination.
 *
 * <p>Use: {@link #add} every run, then {@link #readAll} once. Not thread-safe.
 */
final class RangeReader {

    /** Merge two ranges of a file when at most this many unneeded bytes lie between them. */
    static final int MAX_GAP = 64 * 1024;
    /** Never merge into a single read longer than this. */
    static final int MAX_READ = 32 * 1024 * 1024;

    private final List<WeightFile> files;
    private final List<Run> runs = new ArrayList<>();
    private long bytesRead;
    private int reads;

    RangeReader(List<WeightFile> files) {
        this.files = files;
    }

    /**
     * Asks for {@code count} elements of {@code tensor} from element {@code first}, converted to float32 into
     * {@code dst} from {@code dstOffset}.
     */
    void add(TensorRef tensor, long first, int count, float[] dst, int dstOffset) {
        if (count == 0) {
            return;
        }
        Dtype dtype = tensor.entry().dtype();
        if (dtype.bitSize() % 8 != 0) {
            // packed sub-byte elements: read the whole tensor once and slice it
            runs.add(new Run(tensor, 0, Math.toIntExact(tensor.numel()), dst, dstOffset, first, count));
        } else {
            runs.add(new Run(tensor, first, count, dst, dstOffset, 0, count));
        }
    }

    /** Performs the reads. */
    void readAll() {
        for (int f = 0; f < files.size(); f++) {
            int file = f;
            List<Run> ofFile = new ArrayList<>(runs.stream().filter(r -> r.tensor.file() == file).toList());
            ofFile.sort(Comparator.comparingLong(Run::byteStart));
            int i = 0;
            while (i < ofFile.size()) {
                long start = ofFile.get(i).byteStart();
                long end = ofFile.get(i).byteEnd();
                int j = i + 1;
                while (j < ofFile.size() && ofFile.get(j).byteStart() - end <= MAX_GAP
                        && Math.max(end, ofFile.get(j).byteEnd()) - start <= MAX_READ) {
                    end = Math.max(end, ofFile.get(j).byteEnd());
                    j++;
                }
                ByteBuffer bytes = read(files.get(file), start, end);
                for (Run run : ofFile.subList(i, j)) {
                    run.convert(bytes, (int) (run.byteStart() - start));
                }
                i = j;
            }
        }
        runs.clear();
    }

    long bytesRead() {
        return bytesRead;
    }

    int reads() {
        return reads;
    }

    private ByteBuffer read(WeightFile file, long start, long end) {
        long absolute = file.header().dataStart() + start;
        int length = Math.toIntExact(end - start);
        ByteBuffer bytes;
        try {
            bytes = file.source().view(absolute, length); // a mapped file: no copy
        } catch (IOException e) {
            throw new UncheckedIOException("reading bytes " + absolute + "-" + (absolute + length - 1) + " of " + file.path(), e);
        }
        reads++;
        bytesRead += bytes.remaining();
        if (bytes.remaining() < length) {
            throw new TruncatedSafetensorsException(file.source().resource(), "tensor data needs bytes " + absolute + "-"
                    + (absolute + length - 1) + " but the file ended after " + (absolute + bytes.remaining()));
        }
        return bytes;
    }

    /**
     * A run of elements to read: {@code readCount} elements from {@code readFirst}; of those, {@code keepCount}
     * from {@code keepFrom} go to {@code dst} (the two differ only for packed sub-byte tensors).
     */
    private record Run(TensorRef tensor, long readFirst, int readCount, float[] dst, int dstOffset, long keepFrom,
            int keepCount) {
        long byteStart() {
            return tensor.entry().begin() + readFirst * tensor.entry().dtype().bitSize() / 8;
        }

        long byteEnd() {
            return tensor.entry().begin() + (readFirst + readCount) * tensor.entry().dtype().bitSize() / 8;
        }

        void convert(ByteBuffer bytes, int offset) {
            Dtype dtype = tensor.entry().dtype();
            if (keepFrom == 0 && keepCount == readCount) {
                DtypeConversions.toFloats(dtype, bytes, offset, dst, dstOffset, readCount);
            } else {
                float[] all = new float[readCount];
                DtypeConversions.toFloats(dtype, bytes, offset, all, 0, readCount);
                System.arraycopy(all, (int) keepFrom, dst, dstOffset, keepCount);
            }
        }
    }
}
