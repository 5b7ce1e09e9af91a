package io.anneal.dataset;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Reads MNIST's IDX files (gzip-compressed or not), checking magic numbers and sizes. */
public final class IdxFiles {

    static final int IMAGES_MAGIC = 2051;
    static final int LABELS_MAGIC = 2049;

    private IdxFiles() {
    }

    /** Pixels of every image, row-major, one row of {@code rows * columns} values per image. */
    public static float[][] readImages(Path file) throws IOException {
        return readImages(file.toString(), Files.newInputStream(file));
    }

    public static int[] readLabels(Path file) throws IOException {
        return readLabels(file.toString(), Files.newInputStream(file));
    }

    /** As {@link #readImages(Path)}, from a stream named {@code file} (gzip when it ends in .gz); closes it. */
    public static float[][] readImages(String file, InputStream source) throws IOException {
        try (DataInputStream in = open(file, source)) {
            expectMagic(file, in.readInt(), IMAGES_MAGIC);
            int count = in.readInt();
            int pixels = in.readInt() * in.readInt();
            float[][] images = new float[count][pixels];
            byte[] row = new byte[pixels];
            for (float[] image : images) {
                readFully(file, in, row);
                for (int p = 0; p < pixels; p++) {
                    image[p] = (row[p] & 0xFF) / 255f;
                }
            }
            return images;
        }
    }

    public static int[] readLabels(String file, InputStream source) throws IOException {
        try (DataInputStream in = open(file, source)) {
            expectMagic(file, in.readInt(), LABELS_MAGIC);
            byte[] raw = new byte[in.readInt()];
            readFully(file, in, raw);
            int[] labels = new int[raw.length];
            for (int i = 0; i < raw.length; i++) {
                labels[i] = raw[i] & 0xFF;
            }
            return labels;
        }
    }

    /** The image count, rows and columns in the header of an images file; closes the stream. */
    static int[] imagesHeader(String file, InputStream source) throws IOException {
        try (DataInputStream in = open(file, source)) {
            expectMagic(file, in.readInt(), IMAGES_MAGIC);
            return new int[] {in.readInt(), in.readInt(), in.readInt()};
        } catch (EOFException e) {
            throw new IOException(file + " ends inside its header", e);
        }
    }

    /** Streams the images of an IDX file, each scaled to [0, 1], to {@code sink}; closes the stream. */
    static void forEachImage(String file, InputStream source, ImageSink sink) throws IOException {
        try (DataInputStream in = open(file, source)) {
            expectMagic(file, in.readInt(), IMAGES_MAGIC);
            int count = in.readInt();
            int pixels = Math.multiplyExact(in.readInt(), in.readInt());
            float[] image = new float[pixels];
            byte[] row = new byte[pixels];
            for (int i = 0; i < count; i++) {
                readFully(file, in, row);
                for (int p = 0; p < pixels; p++) {
                    image[p] = (row[p] & 0xFF) / 255f;
                }
                sink.accept(i, image);
            }
        }
    }

    /** Receives one image; the array is reused for the next. */
    interface ImageSink {
        void accept(int index, float[] pixels) throws IOException;
    }

    private static DataInputStream open(String file, InputStream source) throws IOException {
        InputStream raw = new BufferedInputStream(source, 1 << 16);
        return new DataInputStream(file.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw);
    }

    private static void expectMagic(String file, int actual, int expected) throws IOException {
        if (actual != expected) {
            throw new IOException(file + " is not an IDX file: magic number " + actual + ", expected " + expected);
        }
    }

    private static void readFully(String file, DataInputStream in, byte[] buffer) throws IOException {
        try {
            in.readFully(buffer);
        } catch (EOFException e) {
            throw new IOException(file + " ends before the count in its header says", e);
        }
    }
}
