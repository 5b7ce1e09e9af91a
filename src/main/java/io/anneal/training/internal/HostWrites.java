package io.anneal.training.internal;

import java.nio.FloatBuffer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reading and writing an ND4J array through its host memory, correct on every backend. On the CPU the
 * host memory is the array; on CUDA it is a copy, and ND4J must be told which copy is current: before
 * reading, the host copy is brought up to date; after writing, it is tagged as the current one, so the
 * next operation on the device copies it over instead of using stale device memory. Every host write
 * that feeds training (gradient noise, minibatch rows) goes through here.
 */
public final class HostWrites {

    /** The backend's own affinity manager. */
    public static final HostWrites ND4J = new HostWrites(Nd4j::getAffinityManager);

    private final Supplier<AffinityManager> affinity;

    public HostWrites(Supplier<AffinityManager> affinity) {
        this.affinity = affinity;
    }

    /** The array's host memory, current, to read. */
    public FloatBuffer readable(INDArray array) {
        affinity.get().ensureLocation(array, AffinityManager.Location.HOST);
        return array.data().asNioFloat();
    }

    /**
     * Whether {@link #update} takes the array: float elements stored one after another in their logical
     * order (a vector, or a row-major array with unit stride).
     */
    public static boolean updatable(INDArray array) {
        return array.dataType() == DataType.FLOAT && array.length() <= Integer.MAX_VALUE
                && (array.length() == 1 || array.elementWiseStride() == 1)
                && (array.isVectorOrScalar() || array.ordering() == 'c');
    }

    /**
     * Reads and rewrites a contiguous float array, whole or a view into a larger one, through its host
     * memory: the writer gets a buffer whose elements {@code [0, length)} are the array's, then that copy
     * is marked as the current one.
     */
    public void update(INDArray array, Consumer<FloatBuffer> writer) {
        if (!updatable(array)) {
            throw new IllegalArgumentException("needs contiguous float elements, got " + array.shapeInfoToString());
        }
        AffinityManager manager = affinity.get();
        manager.ensureLocation(array, AffinityManager.Location.HOST);
        DataBuffer data = array.data();
        // the buffer of a view spans its whole storage, positioned at the view's first element
        FloatBuffer elements = data.asNioFloat().slice();
        long expected = data.addressPointer().address();
        if (elements.capacity() < array.length() || new Pointer(elements).address() != expected) {
            throw new IllegalStateException("host buffer of " + elements.capacity() + " floats at "
                    + new Pointer(elements).address() + " for " + array.length() + " elements at " + expected);
        }
        elements.limit((int) array.length());
        writer.accept(elements);
        manager.tagLocation(array, AffinityManager.Location.HOST);
    }

    /** Writes the array through its host memory, then marks that copy as the current one. */
    public void write(INDArray array, Consumer<FloatBuffer> writer) {
        AffinityManager manager = affinity.get();
        manager.ensureLocation(array, AffinityManager.Location.HOST);
        writer.accept(array.data().asNioFloat());
        manager.tagLocation(array, AffinityManager.Location.HOST);
    }
}
