package io.anneal.dataset;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One split of a dataset as stored: the 8 bytes {@code ANNEALD1}, the row and feature counts (int32),
 * then every row's features (float32, row-major) and every row's class index (int32), all
 * little-endian. Written row by row, read in one pass.
 */
public final class SplitFile {

    private static final byte[] MAGIC = "ANNEALD1".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_BYTES = 16;

    private SplitFile() {
    }

    /** Writes a split row by row; {@link #close()} completes the file. */
    static final class Writer implements Closeable {
        private final Path file;
        private final Path labelsFile;
        private final int features;
        private final OutputStream out;
        private final OutputStream labels;
        private final ByteBuffer row;
        private final ByteBuffer label = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        private int rows;

        Writer(Path file, int features) throws IOException {
            this.file = file;
            this.labelsFile = file.resolveSibling(file.getFileName() + ".labels");
            this.features = features;
            this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            this.labels = new BufferedOutputStream(Files.newOutputStream(labelsFile), 1 << 16);
            this.row = ByteBuffer.allocate(features * 4).order(ByteOrder.LITTLE_ENDIAN);
            out.write(new byte[HEADER_BYTES]);
        }

        void add(float[] values, int classIndex) throws IOException {
            row.clear();
            row.asFloatBuffer().put(values, 0, features);
            out.write(row.array());
            label.clear();
            label.putInt(classIndex);
            labels.write(label.array());
            rows++;
        }

        int rows() {
            return rows;
        }

        @Override
        public void close() throws IOException {
            try (labels) {
                try (out) {
                    labels.flush();
                    Files.copy(labelsFile, out);
                }
            } finally {
                Files.deleteIfExists(labelsFile);
            }
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            header.put(MAGIC).putInt(rows).putInt(features).flip();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.write(header, 0);
            }
        }
    }

    /** Reads a split: its header at once, then its features, then its labels. */
    public static final class Reader implements Closeable {
        private final DataInputStream in;
        private final int rows;
        private final int features;

        public Reader(InputStream source) throws IOException {
            this.in = new DataInputStream(source);
            byte[] header = new byte[HEADER_BYTES];
            readFully(header);
            ByteBuffer buffer = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[MAGIC.length];
            buffer.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException("not a stored dataset split");
            }
            this.rows = buffer.getInt();
            this.features = buffer.getInt();
        }

        public int rows() {
            return rows;
        }

        public int features() {
            return features;
        }

        /** Puts every row's features, row-major, into {@code target} from its position on. */
        public void readFeatures(FloatBuffer target) throws IOException {
            byte[] chunk = new byte[Math.max(4, Math.min(1 << 16, features * 4))];
            long remaining = (long) rows * features * 4;
            while (remaining > 0) {
                int size = (int) Math.min(chunk.length, remaining);
                readFully(chunk, size);
                target.put(ByteBuffer.wrap(chunk, 0, size).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer());
                remaining -= size;
            }
        }

        /** Every row's class index; call after {@link #readFeatures}. */
        public int[] readLabels() throws IOException {
            byte[] raw = new byte[rows * 4];
            readFully(raw);
            int[] labels = new int[rows];
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(labels);
            return labels;
        }

        private void readFully(byte[] buffer) throws IOException {
            readFully(buffer, buffer.length);
        }

        private void readFully(byte[] buffer, int length) throws IOException {
            try {
                in.readFully(buffer, 0, length);
            } catch (EOFException e) {
                throw new IOException("the stored dataset split ends early", e);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
