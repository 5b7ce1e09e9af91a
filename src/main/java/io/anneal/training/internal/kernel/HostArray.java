package io.anneal.training.internal.kernel;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Float memory in host RAM seen two ways: as a JavaCPP pointer for BLAS and as a buffer for the
 * element-wise loops. Either owned scratch space or a window on an ND4J array's storage.
 */
final class HostArray {

    private final FloatPointer base;
    private final FloatBuffer floats;
    private final boolean owned;

    private HostArray(FloatPointer base, FloatBuffer floats, boolean owned) {
        this.base = base;
        this.floats = floats;
        this.owned = owned;
    }

    static HostArray allocate(long length) {
        FloatPointer pointer = new FloatPointer(length);
        return new HostArray(pointer, pointer.asBuffer(), true);
    }

    /** The storage of a whole, contiguous float array (not a view into another one). */
    static HostArray of(INDArray array) {
        if (array.dataType() != DataType.FLOAT || array.isView() || array.offset() != 0
                || array.data().length() != array.length()) {
            throw new IllegalArgumentException("needs a whole float array, got " + array.shapeInfoToString());
        }
        FloatPointer pointer = (FloatPointer) array.data().addressPointer();
        FloatBuffer floats = array.data().asNioFloat();
        if (floats.capacity() < array.length()) {
            throw new IllegalStateException("host buffer of " + floats.capacity() + " floats for " + array.length());
        }
        return new HostArray(pointer, floats, false);
    }

    /** A pointer to element {@code offset}; keep it, creating one costs an allocation. */
    FloatPointer at(long offset) {
        return new FloatPointer(base).position(base.position() + offset);
    }

    /** A pointer to element 0. */
    FloatPointer pointer() {
        return base;
    }

    FloatBuffer floats() {
        return floats;
    }

    long address() {
        return base.address();
    }

    void release() {
        if (owned) {
            base.close();
        }
    }
}
