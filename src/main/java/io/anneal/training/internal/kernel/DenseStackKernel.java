package io.anneal.training.internal.kernel;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Forward and backward pass of a dense stack with softmax cross-entropy: per layer one GEMM forward,
 * two backward (one for the first layer) on native buffers, and one fused loop each way on heap copies
 * (bias and activation forward; derivative and bias gradient backward), which compile to tighter code
 * than per-element access to direct buffers (measured: docs/performance.md). Buffers are allocated
 * once. Writes DL4J's gradient (summed over the minibatch; DL4J's updater divides) into the network's
 * flattened gradient array and returns DL4J's score (mean loss, probabilities clipped at 1e-10 as
 * {@code LossMCXENT} does). Not thread-safe: one kernel per training thread.
 */
public final class DenseStackKernel implements AutoCloseable {

    private static final float PROBABILITY_FLOOR = 1e-10f;
    private static final int PREDICTION_CHUNK = 256;

    private final List<DenseBlock> blocks;
    private final HostArray params;
    private final HostArray gradient;
    private final int inputs;
    private final int maxWidth;
    private final float[] bias;
    private final float[] columnSums;
    private int rows;
    private final List<HostArray> outputs = new ArrayList<>();
    private final List<float[]> heapOutputs = new ArrayList<>();
    private HostArray delta;
    private HostArray epsilon;
    private float[] heapDelta;
    private float[] heapLabels;

    DenseStackKernel(List<DenseBlock> blocks, HostArray params, HostArray gradient) {
        this.blocks = List.copyOf(blocks);
        this.params = params;
        this.gradient = gradient;
        this.inputs = blocks.get(0).nIn();
        this.maxWidth = blocks.stream().mapToInt(block -> Math.max(block.nIn(), block.nOut())).max().orElseThrow();
        this.bias = new float[maxWidth];
        this.columnSums = new float[maxWidth];
    }

    /** The address of the parameters this kernel was compiled for, to notice a replaced array. */
    long paramsAddress() {
        return params.address();
    }

    List<DenseBlock> blocks() {
        return blocks;
    }

    /** The network's flattened gradient array, as the kernel writes it. */
    HostArray gradientArray() {
        return gradient;
    }

    /** Rows the buffers hold: the largest training minibatch so far. */
    int bufferedRows() {
        return rows;
    }

    int classes() {
        return blocks.get(blocks.size() - 1).nOut();
    }

    /**
     * @param features m x inputs
     * @param labels m x classes
     * @return the mean cross-entropy over the m examples
     */
    public double gradientAndScore(INDArray features, INDArray labels) {
        int m = Math.toIntExact(features.size(0));
        if (features.size(1) != inputs || labels.size(0) != m || labels.size(1) != classes()) {
            throw new IllegalArgumentException("batch " + features.shapeInfoToString() + " / "
                    + labels.shapeInfoToString() + " does not fit " + inputs + " inputs and " + classes() + " classes");
        }
        ensureRows(m);
        INDArray inputs = rowMajor(features);
        INDArray targets = rowMajor(labels);
        try {
            HostArray x = HostArray.of(inputs);
            HostArray.of(targets).floats().get(0, heapLabels, 0, m * classes());
            forward(x, m);
            double score = softmaxCrossEntropy(m);
            backward(x, m);
            return score;
        } finally {
            // Only raw pointers reach BLAS; a copy made by rowMajor must outlive the native calls.
            Reference.reachabilityFence(inputs);
            Reference.reachabilityFence(targets);
        }
    }

    /**
     * The most probable class of each row, from the forward pass alone (the largest logit is the
     * largest probability). Runs in chunks of the training minibatch size, so predicting many rows
     * never grows the buffers beyond what training needs.
     */
    public int[] predictedClasses(INDArray features) {
        int m = Math.toIntExact(features.size(0));
        if (features.size(1) != inputs) {
            throw new IllegalArgumentException("features " + features.shapeInfoToString() + " do not fit " + inputs + " inputs");
        }
        int chunk = rows > 0 ? rows : Math.min(m, PREDICTION_CHUNK);
        int[] predicted = new int[m];
        for (int from = 0; from < m; from += chunk) {
            int to = Math.min(m, from + chunk);
            INDArray part = from == 0 && to == m ? features
                    : features.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            ensureRows(to - from);
            INDArray rows = rowMajor(part);
            try {
                forward(HostArray.of(rows), to - from);
            } finally {
                Reference.reachabilityFence(rows);
            }
            argmaxOfLogits(predicted, from, to - from);
        }
        return predicted;
    }

    private void argmaxOfLogits(int[] predicted, int offset, int m) {
        float[] logits = heapOutputs.get(blocks.size() - 1);
        int classes = classes();
        for (int r = 0; r < m; r++) {
            int row = r * classes;
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[row + c] + bias[c] > logits[row + best] + bias[best]) {
                    best = c;
                }
            }
            predicted[offset + r] = best;
        }
    }

    /** Leaves every layer's outputs in the heap copies; the output layer's without its bias, which stays in {@code bias}. */
    private void forward(HostArray x, int m) {
        HostArray input = x;
        for (int l = 0; l < blocks.size(); l++) {
            DenseBlock block = blocks.get(l);
            HostArray output = outputs.get(l);
            RowMajorGemm.gemm(false, true, m, block.nOut(), block.nIn(), input.pointer(), block.nIn(),
                    block.weights(), block.nIn(), 0f, output.pointer(), block.nOut());
            int n = m * block.nOut();
            float[] heap = heapOutputs.get(l);
            output.floats().get(0, heap, 0, n);
            params.floats().get(block.biasOffset(), bias, 0, block.nOut());
            if (block.activation() != null) {
                block.activation().forward(heap, bias, m, block.nOut());
                output.floats().put(0, heap, 0, n);
            }
            input = output;
        }
    }

    /** Softmax of the output layer in place, mean loss, and p - y as the output layer's delta. */
    private double softmaxCrossEntropy(int m) {
        float[] z = heapOutputs.get(blocks.size() - 1);
        int classes = classes();
        double loss = 0;
        for (int r = 0; r < m; r++) {
            int row = r * classes;
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                z[row + c] += bias[c];
                max = Math.max(max, z[row + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                float e = (float) Math.exp(z[row + c] - max);
                z[row + c] = e;
                sum += e;
            }
            for (int c = 0; c < classes; c++) {
                float p = (float) (z[row + c] / sum);
                float label = heapLabels[row + c];
                if (label != 0f) {
                    loss -= label * Math.log(Math.min(Math.max(p, PROBABILITY_FLOOR), 1f - PROBABILITY_FLOOR));
                }
                heapDelta[row + c] = p - label;
            }
        }
        publishDelta(blocks.get(blocks.size() - 1), m);
        return loss / m;
    }

    private void backward(HostArray x, int m) {
        for (int l = blocks.size() - 1; l >= 0; l--) {
            DenseBlock block = blocks.get(l);
            HostArray input = l == 0 ? x : outputs.get(l - 1);
            RowMajorGemm.gemm(true, false, block.nOut(), block.nIn(), m, delta.pointer(), block.nOut(),
                    input.pointer(), block.nIn(), 0f, block.weightGradient(), block.nIn());
            if (l > 0) {
                RowMajorGemm.gemm(false, false, m, block.nIn(), block.nOut(), delta.pointer(), block.nOut(),
                        block.weights(), block.nIn(), 0f, epsilon.pointer(), block.nIn());
                DenseBlock below = blocks.get(l - 1);
                int n = m * below.nOut();
                epsilon.floats().get(0, heapDelta, 0, n);
                below.activation().backward(heapDelta, heapOutputs.get(l - 1), n);
                publishDelta(below, m);
            }
        }
    }

    /** Copies the heap delta of a layer to the native buffer and writes its column sums as the bias gradient. */
    private void publishDelta(DenseBlock block, int m) {
        int width = block.nOut();
        Arrays.fill(columnSums, 0, width, 0f);
        for (int r = 0; r < m; r++) {
            int row = r * width;
            for (int c = 0; c < width; c++) {
                columnSums[c] += heapDelta[row + c];
            }
        }
        gradient.floats().put(block.biasOffset(), columnSums, 0, width);
        delta.floats().put(0, heapDelta, 0, m * width);
    }

    /** The array itself when it is a whole row-major float array, else such a copy. */
    private static INDArray rowMajor(INDArray array) {
        INDArray floats = array.dataType() == DataType.FLOAT ? array : array.castTo(DataType.FLOAT);
        boolean whole = !floats.isView() && floats.offset() == 0 && floats.data().length() == floats.length();
        return whole && floats.ordering() == 'c' ? floats : floats.dup('c');
    }

    /** Sizes the buffers for minibatches of {@code m} rows now, so that predictions before the first step use that size too. */
    void reserveRows(int m) {
        ensureRows(m);
    }

    /** Buffers grow to the largest minibatch seen; the last, shorter batch of an epoch reuses them. */
    private void ensureRows(int m) {
        if (m <= rows) {
            return;
        }
        releaseNative();
        heapOutputs.clear();
        for (DenseBlock block : blocks) {
            outputs.add(HostArray.allocate((long) m * block.nOut()));
            heapOutputs.add(new float[m * block.nOut()]);
        }
        delta = HostArray.allocate((long) m * maxWidth);
        epsilon = HostArray.allocate((long) m * maxWidth);
        heapDelta = new float[m * maxWidth];
        heapLabels = new float[m * classes()];
        rows = m;
    }

    private void releaseNative() {
        outputs.forEach(HostArray::release);
        outputs.clear();
        if (delta != null) {
            delta.release();
            epsilon.release();
        }
        rows = 0;
    }

    @Override
    public void close() {
        releaseNative();
    }
}
