package io.anneal.training;

import org.nd4j.linalg.factory.Nd4j;
import org.springframework.stereotype.Component;

/** The ND4J backend in use and its devices; lets a worker thread bind itself to one GPU. */
@Component
public class ComputeDevices {

    /** Whether the backend runs on GPUs (nd4j-cuda) or on the CPU (nd4j-native). */
    public enum Kind { CPU, CUDA }

    public ComputeDevices(Nd4jRuntime runtime) {
        // constructed after ND4J has been configured
    }

    public Kind kind() {
        return kindOf(Nd4j.getBackend().getClass().getName());
    }

    static Kind kindOf(String backendClassName) {
        String name = backendClassName.toLowerCase(java.util.Locale.ROOT);
        return name.contains("jcublas") || name.contains("cuda") ? Kind.CUDA : Kind.CPU;
    }

    public int deviceCount() {
        return Nd4j.getAffinityManager().getNumberOfDevices();
    }

    /** Pins the calling thread's ND4J work to {@code device}; a no-op on the CPU backend. */
    public void bindCurrentThread(int device) {
        if (kind() == Kind.CUDA) {
            Nd4j.getAffinityManager().unsafeSetDevice(device);
        }
    }
}
