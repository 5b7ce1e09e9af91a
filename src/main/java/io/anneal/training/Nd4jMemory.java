package io.anneal.training;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;

/** Off-heap memory ND4J holds, for the metrics. */
public final class Nd4jMemory {

    private Nd4jMemory() {
    }

    /** Bytes of native memory JavaCPP has allocated (ND4J's arrays and workspaces on the CPU). */
    public static long offHeapBytes() {
        return Pointer.totalBytes();
    }

    /** Bytes allocated on a GPU; 0 on the CPU backend. */
    public static long deviceBytes(int device) {
        return ComputeDevices.kindOf(Nd4j.getBackend().getClass().getName()) == ComputeDevices.Kind.CUDA
                ? Nd4j.getMemoryManager().allocatedMemory(device) : 0;
    }
}
