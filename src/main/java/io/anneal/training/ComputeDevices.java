package io.anneal.training;

/** What the training backend runs on, its memory, and binding a worker thread to one device. */
public interface ComputeDevices {

    /** Whether the backend runs on GPUs or on the CPU. */
    enum Kind { CPU, CUDA }

    Kind kind();

    int deviceCount();

    /** Pins the calling thread's work to {@code device}; a no-op on the CPU backend. */
    void bindCurrentThread(int device);

    /** Bytes of native memory the backend holds (arrays and workspaces on the CPU). */
    long offHeapBytes();

    /** Bytes allocated on a GPU; 0 on the CPU backend. */
    long deviceBytes(int device);
}
