package io.anneal.training.internal;

import java.nio.FloatBuffer;
import java.util.function.Consumer;
import java.util.function.Supplier;
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

    /** Writes the array through its host memory, then marks that copy as the current one. */
    public void write(INDArray array, Consumer<FloatBuffer> writer) {
        AffinityManager manager = affinity.get();
        manager.ensureLocation(array, AffinityManager.Location.HOST);
        writer.accept(array.data().asNioFloat());
        manager.tagLocation(array, AffinityManager.Location.HOST);
    }
}
