package io.anneal.training.kernel;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Forward and backward pass of a dense stack with softmax cross-entropy: per layer one GEMM forward,
 * two backward (one for the first layer), bias and activation in plain loops, all into buffers
 * allocated once. Writes DL4J's gradient (summed over the minibatch; DL4J's updater divides) into the
 * network's flattened gradient array and returns DL4J's score (mean loss, probabilities clipped at
 * 1e-10 as {@code LossMCXENT} does). Not thread-safe: one kernel per training thread.
 */
public final class DenseStackKernel implements AutoCloseable {

    private static final float PROBABILITY_FLOOR = 1e-10f;

    private final List<DenseBlock> blocks;
    private final HostArray params;
    private final HostArray gradient;
    private final int inputs;
    private final int maxWidth;
    private int rows;
    private final List<HostArray> preActivations = new ArrayList<>();
    private final List<HostArray> activations = new ArrayList<>();
    private HostArray deltaA;
    private HostArray deltaB;
    private final List<HostArray> scratch = new ArrayList<>();

    DenseStackKernel(List<DenseBlock> blocks, HostArray params, HostArray gradient) {
        this.blocks = List.copyOf(blocks);
        this.params = params;
        this.gradient = gradient;
        this.inputs = blocks.get(0).nIn();
        this.maxWidth = blocks.stream().mapToInt(block -> Math.max(block.nIn(), block.nOut())).max().orElseThrow();
    }

    /** The address of the parameters this kernel was compiled for, to notice a replaced array. */
    long paramsAddress() {
        return params.address();
    }

    int classes() {
        return blocks.get(blocks.size() - 1).nOut();
    }

    /**
     * @param features m x inputs, whole float array in row-major order
     * @param labels m x classes, whole float array in row-major order
     * @return the mean cross-entropy over the m examples
     */
    public double gradientAndScore(INDArray features, INDArray labels) {
        int m = Math.toIntExact(features.size(0));
        if (features.size(1) != inputs || labels.size(0) != m || labels.size(1) != classes()) {
            throw new IllegalArgumentException("batch " + features.shapeInfoToString() + " / "
                    + labels.shapeInfoToString() + " does not fit " + inputs + " inputs and " + classes() + " classes");
        }
        ensureRows(m);
        HostArray x = HostArray.of(rowMajor(features));
        HostArray y = HostArray.of(rowMajor(labels));
        forward(x, m);
        double score = softmaxCrossEntropy(y.floats(), m);
        backward(x, m);
        return score;
    }

    private void forward(HostArray x, int m) {
        HostArray input = x;
        for (int l = 0; l < blocks.size(); l++) {
            DenseBlock block = blocks.get(l);
            HostArray z = preActivations.get(l);
            fillRowsWithBias(z.floats(), block, m);
            RowMajorGemm.gemm(false, true, m, block.nOut(), block.nIn(), input.pointer(), block.nIn(),
                    block.weights(), block.nIn(), 1f, z.pointer(), block.nOut());
            if (block.activation() != null) {
                block.activation().forward(z.floats(), activations.get(l).floats(), m * block.nOut());
                input = activations.get(l);
            }
        }
    }

    private void fillRowsWithBias(FloatBuffer target, DenseBlock block, int m) {
        FloatBuffer values = params.floats();
        int width = block.nOut();
        for (int r = 0; r < m; r++) {
            int row = r * width;
            for (int c = 0; c < width; c++) {
                target.put(row + c, values.get(block.biasOffset() + c));
            }
        }
    }

    /** Turns the output pre-activations into probabilities, leaves p - y in delta A, returns mean loss. */
    private double softmaxCrossEntropy(FloatBuffer labels, int m) {
        FloatBuffer z = preActivations.get(blocks.size() - 1).floats();
        FloatBuffer delta = deltaA.floats();
        int classes = classes();
        double loss = 0;
        for (int r = 0; r < m; r++) {
            int row = r * classes;
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, z.get(row + c));
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                float e = (float) Math.exp(z.get(row + c) - max);
                z.put(row + c, e);
                sum += e;
            }
            for (int c = 0; c < classes; c++) {
                float p = (float) (z.get(row + c) / sum);
                float label = labels.get(row + c);
                if (label != 0f) {
                    loss -= label * Math.log(Math.min(Math.max(p, PROBABILITY_FLOOR), 1f - PROBABILITY_FLOOR));
                }
                delta.put(row + c, p - label);
            }
        }
        return loss / m;
    }

    private void backward(HostArray x, int m) {
        HostArray delta = deltaA;
        HostArray next = deltaB;
        FloatBuffer gradients = gradient.floats();
        for (int l = blocks.size() - 1; l >= 0; l--) {
            DenseBlock block = blocks.get(l);
            HostArray input = l == 0 ? x : activations.get(l - 1);
            RowMajorGemm.gemm(true, false, block.nOut(), block.nIn(), m, delta.pointer(), block.nOut(),
                    input.pointer(), block.nIn(), 0f, block.weightGradient(), block.nIn());
            columnSums(delta.floats(), m, block.nOut(), gradients, block.biasOffset());
            if (l > 0) {
                RowMajorGemm.gemm(false, false, m, block.nIn(), block.nOut(), delta.pointer(), block.nOut(),
                        block.weights(), block.nIn(), 0f, next.pointer(), block.nIn());
                DenseBlock below = blocks.get(l - 1);
                below.activation().backward(next.floats(), preActivations.get(l - 1).floats(),
                        activations.get(l - 1).floats(), m * below.nOut());
                HostArray swap = delta;
                delta = next;
                next = swap;
            }
        }
    }

    private static void columnSums(FloatBuffer matrix, int m, int width, FloatBuffer target, int offset) {
        for (int c = 0; c < width; c++) {
            target.put(offset + c, 0f);
        }
        for (int r = 0; r < m; r++) {
            int row = r * width;
            for (int c = 0; c < width; c++) {
                target.put(offset + c, target.get(offset + c) + matrix.get(row + c));
            }
        }
    }

    private static INDArray rowMajor(INDArray array) {
        boolean whole = !array.isView() && array.offset() == 0 && array.data().length() == array.length();
        return whole && array.ordering() == 'c' ? array : array.dup('c');
    }

    /** Buffers grow to the largest minibatch seen; the last, shorter batch of an epoch reuses them. */
    private void ensureRows(int m) {
        if (m <= rows) {
            return;
        }
        releaseScratch();
        for (DenseBlock block : blocks) {
            preActivations.add(scratch((long) m * block.nOut()));
            activations.add(block.activation() == null ? null : scratch((long) m * block.nOut()));
        }
        deltaA = scratch((long) m * maxWidth);
        deltaB = scratch((long) m * maxWidth);
        rows = m;
    }

    private HostArray scratch(long length) {
        HostArray array = HostArray.allocate(length);
        scratch.add(array);
        return array;
    }

    private void releaseScratch() {
        scratch.forEach(HostArray::release);
        scratch.clear();
        preActivations.clear();
        activations.clear();
        rows = 0;
    }

    @Override
    public void close() {
        releaseScratch();
    }
}
