package io.anneal.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Turns an uploaded CSV (a header row, one label column, numeric features in the others) into stored
 * splits. The file is read twice, never held whole: once to check every row and learn the labels,
 * once to write the splits. Labels become class indices in sorted order (numerically when every label
 * is a number); the test split is a second file or a stratified share of the rows chosen by a seed;
 * standardisation statistics come from the training rows only.
 */
final class CsvUpload {

    /** Longest line read: room for the widest allowed row of long numbers. */
    private static final int MAX_LINE = 4 << 20;
    /** Most rows x classes: the one-hot labels of a dataset are a float per cell (1 GiB here). */
    private static final long MAX_LABEL_CELLS = 1L << 28;
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private final DatasetProperties limits;

    CsvUpload(DatasetProperties limits) {
        this.limits = limits;
    }

    /** What a CSV upload asks for. */
    record Request(Path file, Path testFile, String label, double testFraction, long seed, boolean standardize) {
    }

    /** The splits written and what describes them. */
    record Result(List<String> featureNames, List<String> classes, int trainRows, int testRows,
            double[] mean, double[] std) {
    }

    Result convert(Request request, Path train, Path test) throws IOException {
        Scan scan = scan("file", request.file(), request.label(), null);
        List<String> classes = sortedClasses(scan.labels.keySet());
        Map<String, Integer> classIndex = new LinkedHashMap<>();
        classes.forEach(label -> classIndex.put(label, classIndex.size()));
        if (classes.size() < 2) {
            throw new InvalidUploadException("file", "the label column '" + request.label() + "' holds one class only ("
                    + classes + "); a classifier needs at least two");
        }
        if (classes.size() > limits.maxClasses()) {
            throw new InvalidUploadException("file", "the label column holds " + classes.size()
                    + " classes; at most " + limits.maxClasses());
        }
        if ((long) scan.rows * classes.size() > MAX_LABEL_CELLS) {
            throw new InvalidUploadException("file", scan.rows + " rows of " + classes.size() + " classes are more than "
                    + "one-hot labels may hold (" + MAX_LABEL_CELLS + " cells)");
        }
        int[] rowClass = new int[scan.rows];
        List<String> firstSeen = new ArrayList<>(scan.labels.keySet());
        for (int row = 0; row < scan.rows; row++) {
            rowClass[row] = classIndex.get(firstSeen.get(scan.rowLabel[row]));
        }
        Scan testScan = request.testFile() == null ? null : scan("test", request.testFile(), request.label(), scan.header);
        if (testScan != null) {
            for (String label : testScan.labels.keySet()) {
                if (!classIndex.containsKey(label)) {
                    throw new InvalidUploadException("test", "line " + testScan.firstLine.get(label) + ": label '" + label
                            + "' does not occur in the training file");
                }
            }
        }
        BitSet heldOut = testScan == null ? stratified(rowClass, classes.size(), request.testFraction(), request.seed())
                : new BitSet();
        int features = scan.header.length - 1;
        Statistics statistics = new Statistics(features);
        int trainRows;
        int testRows;
        try (SplitFile.Writer trainOut = new SplitFile.Writer(train, features);
                SplitFile.Writer testOut = new SplitFile.Writer(test, features)) {
            forEachRow(request.file(), scan.labelColumn, features, (row, values, label) -> {
                int target = rowClass[row];
                if (heldOut.get(row)) {
                    testOut.add(values, target);
                } else {
                    trainOut.add(values, target);
                    statistics.add(values);
                }
            });
            if (testScan != null) {
                forEachRow(request.testFile(), testScan.labelColumn, features,
                        (row, values, label) -> testOut.add(values, classIndex.get(label)));
            }
            trainRows = trainOut.rows();
            testRows = testOut.rows();
        }
        if (trainRows == 0 || testRows == 0) {
            throw new InvalidUploadException(testScan == null ? "testFraction" : "file", "leaves "
                    + (trainRows == 0 ? "no training rows" : "no test rows") + " of " + scan.rows);
        }
        List<String> names = new ArrayList<>(Arrays.asList(scan.header));
        names.remove(scan.labelColumn);
        return new Result(names, classes, trainRows, testRows, request.standardize() ? statistics.mean() : null,
                request.standardize() ? statistics.std() : null);
    }

    /** What the first pass learnt: header, label column, rows and the labels in order of first appearance. */
    private static final class Scan {
        String[] header;
        int labelColumn;
        int rows;
        int[] rowLabel = new int[1024];
        final Map<String, Integer> labels = new LinkedHashMap<>();
        final Map<String, Long> firstLine = new LinkedHashMap<>();
    }

    private Scan scan(String field, Path file, String label, String[] expectedHeader) throws IOException {
        Scan scan = new Scan();
        try (BufferedReader in = reader(field, file)) {
            String headerLine = in.readLine();
            if (headerLine == null || headerLine.isBlank()) {
                throw new InvalidUploadException(field, "is empty; a CSV needs a header row and at least one data row");
            }
            scan.header = split(field, 1, strip(headerLine)).stream().map(String::strip).toArray(String[]::new);
            java.util.Set<String> names = new java.util.HashSet<>();
            for (String name : scan.header) {
                if (name.isEmpty() || !names.add(name)) {
                    throw new InvalidUploadException(field, "line 1: " + (name.isEmpty() ? "a column has no name"
                            : "two columns are named '" + shorten(name) + "'") + "; every column needs its own name");
                }
            }
            if (expectedHeader != null && !Arrays.equals(scan.header, expectedHeader)) {
                throw new InvalidUploadException(field, "line 1: its header " + Arrays.toString(scan.header)
                        + " differs from the training file's " + Arrays.toString(expectedHeader));
            }
            scan.labelColumn = Arrays.asList(scan.header).indexOf(label);
            if (scan.labelColumn < 0) {
                throw new InvalidUploadException("label", "no column named '" + label + "'; the header has "
                        + Arrays.toString(scan.header));
            }
            if (scan.header.length - 1 > limits.maxFeatures()) {
                throw new InvalidUploadException(field, "has " + (scan.header.length - 1) + " feature columns; at most "
                        + limits.maxFeatures());
            }
            if (scan.header.length < 2) {
                throw new InvalidUploadException(field, "has no feature column besides the label");
            }
            float[] values = new float[scan.header.length - 1];
            long line = 1;
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                String value = parseRow(field, line, strip(text), scan.header.length, scan.labelColumn, values);
                Integer id = scan.labels.get(value);
                if (id == null) {
                    id = scan.labels.size();
                    scan.labels.put(value, id);
                    scan.firstLine.put(value, line);
                }
                if (scan.rows == scan.rowLabel.length) {
                    scan.rowLabel = Arrays.copyOf(scan.rowLabel, scan.rows * 2);
                }
                scan.rowLabel[scan.rows++] = id;
            }
        }
        if (scan.rows == 0) {
            throw new InvalidUploadException(field, "has a header but no data rows");
        }
        return scan;
    }

    /** Receives one data row: its index among data rows, its features and its label. */
    private interface RowSink {
        void accept(int row, float[] values, String label) throws IOException;
    }

    private void forEachRow(Path file, int labelColumn, int features, RowSink sink) throws IOException {
        try (BufferedReader in = reader("file", file)) {
            in.readLine();
            float[] values = new float[features];
            long line = 1;
            int row = 0;
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                line++;
                if (!text.isBlank()) {
                    String label = parseRow("file", line, strip(text), features + 1, labelColumn, values);
                    sink.accept(row++, values, label);
                }
            }
        }
    }

    /** Parses a data row into {@code values}; returns its label. */
    private static String parseRow(String field, long line, String text, int width, int labelColumn, float[] values) {
        List<String> cells = split(field, line, text);
        if (cells.size() != width) {
            throw new InvalidUploadException(field, "line " + line + ": " + cells.size() + " values, the header has "
                    + width);
        }
        int feature = 0;
        String label = null;
        for (int column = 0; column < width; column++) {
            String cell = cells.get(column).strip();
            if (column == labelColumn) {
                if (cell.isEmpty()) {
                    throw new InvalidUploadException(field, "line " + line + ": the label is empty");
                }
                label = cell;
                continue;
            }
            if (!NUMBER.matcher(cell).matches()) {
                throw new InvalidUploadException(field, "line " + line + ", column " + (column + 1) + ": '"
                        + shorten(cell) + "' is not a number" + (cell.equalsIgnoreCase("nan")
                                || cell.toLowerCase().contains("inf") ? " (NaN and infinity are not allowed)" : ""));
            }
            float value = Float.parseFloat(cell);
            if (!Float.isFinite(value)) {
                throw new InvalidUploadException(field, "line " + line + ", column " + (column + 1) + ": " + shorten(cell)
                        + " is too large for a 32-bit float");
            }
            values[feature++] = value;
        }
        return label;
    }

    /** The cells of one line: comma-separated, double quotes around cells that hold commas or quotes. */
    static List<String> split(String field, long line, String text) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.toString().isBlank()) {
                quoted = true;
                cell.setLength(0);
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new InvalidUploadException(field, "line " + line + ": a quoted value is not closed (values may not "
                    + "span lines)");
        }
        cells.add(cell.toString());
        return cells;
    }

    /** Classes in sorted order: numerically when every label is a number, else by their text. */
    private static List<String> sortedClasses(java.util.Collection<String> labels) {
        boolean numeric = labels.stream().allMatch(label -> NUMBER.matcher(label).matches());
        Comparator<String> order = numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder();
        return labels.stream().sorted(order).toList();
    }

    /** In each class, {@code round(fraction * n)} rows chosen by the seed (at least one, never all of a class). */
    private static BitSet stratified(int[] rowClass, int classes, double fraction, long seed) {
        int[] counts = new int[classes];
        for (int c : rowClass) {
            counts[c]++;
        }
        int[][] byClass = new int[classes][];
        for (int c = 0; c < classes; c++) {
            byClass[c] = new int[counts[c]];
        }
        int[] filled = new int[classes];
        for (int row = 0; row < rowClass.length; row++) {
            byClass[rowClass[row]][filled[rowClass[row]]++] = row;
        }
        Random random = new Random(seed);
        BitSet held = new BitSet(rowClass.length);
        for (int[] rows : byClass) {
            int take = (int) Math.min(Math.round(fraction * rows.length), rows.length - 1L);
            take = take <= 0 && rows.length >= 2 ? 1 : Math.max(take, 0);
            for (int i = 0; i < take; i++) {
                int j = i + random.nextInt(rows.length - i);
                int chosen = rows[j];
                rows[j] = rows[i];
                rows[i] = chosen;
                held.set(chosen);
            }
        }
        return held;
    }

    private static BufferedReader reader(String field, Path file) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder), 1 << 16) {
            private long line;

            /** A line, read a character at a time up to {@code MAX_LINE} characters, never one unbounded String. */
            @Override
            public String readLine() throws IOException {
                try {
                    StringBuilder text = new StringBuilder();
                    for (int c = read(); ; c = read()) {
                        if (c < 0) {
                            return text.isEmpty() ? null : text.toString();
                        }
                        if (c == '\n') {
                            line++;
                            return text.toString();
                        }
                        if (text.length() == MAX_LINE) {
                            throw new InvalidUploadException(field, "line " + (line + 1) + " is longer than "
                                    + MAX_LINE + " characters");
                        }
                        text.append((char) c);
                    }
                } catch (CharacterCodingException e) {
                    throw new InvalidUploadException(field, "is not UTF-8 text");
                }
            }
        };
    }

    private static String strip(String line) {
        String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static String shorten(String cell) {
        return cell.length() > 40 ? cell.substring(0, 40) + "..." : cell;
    }

    /** Mean and standard deviation of each feature over the training rows (Welford's update). */
    private static final class Statistics {
        private final double[] mean;
        private final double[] squares;
        private long count;

        Statistics(int features) {
            mean = new double[features];
            squares = new double[features];
        }

        void add(float[] values) {
            count++;
            for (int i = 0; i < mean.length; i++) {
                double delta = values[i] - mean[i];
                mean[i] += delta / count;
                squares[i] += delta * (values[i] - mean[i]);
            }
        }

        double[] mean() {
            return mean.clone();
        }

        /** Population standard deviation; 1 for a constant feature, so it passes through unscaled. */
        double[] std() {
            double[] std = new double[mean.length];
            for (int i = 0; i < std.length; i++) {
                double value = count == 0 ? 0 : Math.sqrt(squares[i] / count);
                std[i] = value > 1e-12 ? value : 1;
            }
            return std;
        }
    }
}
