package io.anneal.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Turns an uploaded zip of the four MNIST IDX files (each plain or gzip-compressed, at the top of the
 * zip) into stored splits. Entry names that climb out of the zip and absolute names are refused; other
 * files (a README, say) are read past; every entry is expanded (to staging, or to nowhere) with a cap
 * on the total, so a zip bomb stops at {@code maxExpandedBytes}. Pixels are scaled to [0, 1]; class {@code k} is the label value {@code k}.
 */
final class IdxZipUpload {

    static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
    private final DatasetProperties limits;

    IdxZipUpload(DatasetProperties limits) {
        this.limits = limits;
    }

    /** The splits written: image shape, classes and rows. */
    record Result(int height, int width, List<String> classes, int trainRows, int testRows) {
    }

    Result convert(Path zip, Path staging, Path train, Path test) throws IOException {
        Map<String, Path> expanded = expand(zip, staging);
        for (String name : FILES) {
            if (!expanded.containsKey(name)) {
                throw new InvalidUploadException("file", "the zip lacks " + name + " (or " + name + ".gz); it must hold "
                        + String.join(", ", FILES));
            }
        }
        int[] trainLabels = labels("train-labels-idx1-ubyte", expanded);
        int[] testLabels = labels("t10k-labels-idx1-ubyte", expanded);
        int[] shape = header("train-images-idx3-ubyte", expanded);
        int[] testShape = header("t10k-images-idx3-ubyte", expanded);
        if (shape[1] != testShape[1] || shape[2] != testShape[2]) {
            throw new InvalidUploadException("file", "entry t10k-images-idx3-ubyte: images are " + testShape[1] + " x "
                    + testShape[2] + ", the training images " + shape[1] + " x " + shape[2]);
        }
        check("train", shape[0], trainLabels.length);
        check("t10k", testShape[0], testLabels.length);
        int classes = IntStream.concat(IntStream.of(trainLabels), IntStream.of(testLabels)).max().orElse(0) + 1;
        if (new TreeSet<>(IntStream.of(trainLabels).boxed().toList()).size() < 2) {
            throw new InvalidUploadException("file", "entry train-labels-idx1-ubyte: one class only; a classifier needs "
                    + "at least two");
        }
        write("train-images-idx3-ubyte", expanded, trainLabels, shape, train);
        write("t10k-images-idx3-ubyte", expanded, testLabels, shape, test);
        return new Result(shape[1], shape[2], IntStream.range(0, classes).mapToObj(Integer::toString).toList(),
                trainLabels.length, testLabels.length);
    }

    private Map<String, Path> expand(Path zip, Path staging) throws IOException {
        Map<String, Path> expanded = new HashMap<>();
        long budget = limits.maxExpandedBytes().toBytes();
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = next(in); entry != null; entry = next(in)) {
                String name = entry.getName();
                entries++;
                if (name.contains("..") || name.startsWith("/") || name.contains("\\") || name.contains(":")) {
                    throw new InvalidUploadException("file", "entry " + name + ": entry names may not leave the zip "
                            + "or be absolute");
                }
                if (entry.isDirectory() || name.startsWith("__MACOSX/")) {
                    budget -= copyCapped(name, nonClosing(in), null, budget);
                    continue;
                }
                String file = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
                if (!FILES.contains(file)) {
                    budget -= copyCapped(name, nonClosing(in), null, budget);
                    continue;
                }
                if (expanded.containsKey(file)) {
                    throw new InvalidUploadException("file", "entry " + name + ": " + file + " is in the zip twice");
                }
                Path target = staging.resolve(file);
                InputStream data = name.endsWith(".gz") ? new GZIPInputStream(nonClosing(in), 1 << 16) : nonClosing(in);
                budget -= copyCapped(name, data, target, budget);
                expanded.put(file, target);
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new InvalidUploadException("file", "is not a readable zip: " + e.getMessage());
        }
        if (entries == 0) {
            throw new InvalidUploadException("file", "is not a zip, or an empty one");
        }
        return expanded;
    }

    private static ZipEntry next(ZipInputStream in) throws IOException {
        try {
            return in.getNextEntry();
        } catch (IllegalArgumentException e) {
            throw new InvalidUploadException("file", "has an entry whose name is not valid text");
        }
    }

    /**
     * Copies at most {@code budget} bytes (to nowhere when {@code target} is null); one more means the
     * zip expands beyond the limit.
     */
    private long copyCapped(String entry, InputStream in, Path target, long budget) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long copied = 0;
        try (OutputStream out = target == null ? OutputStream.nullOutputStream() : Files.newOutputStream(target)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                copied += read;
                if (copied > budget) {
                    throw new InvalidUploadException("file", "entry " + entry + ": the zip expands to more than "
                            + limits.maxExpandedBytes().toMegabytes() + " MB");
                }
                out.write(buffer, 0, read);
            }
        } catch (ZipException e) {
            throw new InvalidUploadException("file", "entry " + entry + ": " + e.getMessage());
        }
        return copied;
    }

    private static int[] labels(String file, Map<String, Path> expanded) throws IOException {
        int[] counts = counts(file, expanded.get(file), 2);
        if (counts[0] < 0 || counts[0] > Files.size(expanded.get(file)) - 8) {
            throw new InvalidUploadException("file", "entry " + file + ": its header counts " + counts[0]
                    + " labels, more than the file holds");
        }
        try {
            return IdxFiles.readLabels(file, Files.newInputStream(expanded.get(file)));
        } catch (IOException e) {
            throw new InvalidUploadException("file", "entry " + file + ": " + e.getMessage());
        }
    }

    private static int[] header(String file, Map<String, Path> expanded) throws IOException {
        try {
            int[] header = IdxFiles.imagesHeader(file, Files.newInputStream(expanded.get(file)));
            long pixels = (long) header[0] * header[1] * header[2];
            if (header[0] < 1 || header[1] < 1 || header[2] < 1 || (long) header[1] * header[2] > 1 << 24
                    || pixels > Files.size(expanded.get(file)) - 16) {
                throw new InvalidUploadException("file", "entry " + file + ": " + header[0] + " images of " + header[1]
                        + " x " + header[2] + " pixels is not a usable shape");
            }
            return header;
        } catch (IOException e) {
            throw new InvalidUploadException("file", "entry " + file + ": " + e.getMessage());
        }
    }

    /** The first {@code n} counts after the magic number of an IDX file, read without trusting them. */
    private static int[] counts(String file, Path path, int n) throws IOException {
        try (java.io.DataInputStream in = new java.io.DataInputStream(Files.newInputStream(path))) {
            in.readInt();
            int[] counts = new int[n - 1];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = in.readInt();
            }
            return counts;
        } catch (java.io.EOFException e) {
            throw new InvalidUploadException("file", "entry " + file + ": ends inside its header");
        }
    }

    private static void check(String split, int images, int labels) {
        if (images != labels) {
            throw new InvalidUploadException("file", "entry " + split + "-labels-idx1-ubyte: " + labels
                    + " labels for " + images + " images");
        }
    }

    private static void write(String file, Map<String, Path> expanded, int[] labels, int[] shape, Path target)
            throws IOException {
        try (SplitFile.Writer out = new SplitFile.Writer(target, shape[1] * shape[2])) {
            IdxFiles.forEachImage(file, Files.newInputStream(expanded.get(file)),
                    (index, pixels) -> out.add(pixels, labels[index]));
        } catch (IOException e) {
            throw new InvalidUploadException("file", "entry " + file + ": " + e.getMessage());
        }
    }

    private static InputStream nonClosing(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() {
            }
        };
    }
}
