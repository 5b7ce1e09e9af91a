package io.anneal.training.internal;

import io.anneal.training.ComputeDevices;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;
import org.springframework.stereotype.Component;

/** The ND4J backend in use and its devices; lets a worker thread bind itself to one GPU. */
@Component
class Nd4jDevices implements ComputeDevices {

    Nd4jDevices(Nd4jRuntime runtime) {
        // constructed after ND4J has been configured
    }

    @Override
    public Kind kind() {
        return kindOf(Nd4j.getBackend().getClass().getName());
    }

    static Kind kindOf(String backendClassName) {
        String name = backendClassName.toLowerCase(Locale.ROOT);
        return name.contains("jcublas") || name.contains("cuda") ? Kind.CUDA : Kind.CPU;
    }

    @Override
    public int deviceCount() {
        return Nd4j.getAffinityManager().getNumberOfDevices();
    }

    @Override
    public void bindCurrentThread(int device) {
        if (kind() == Kind.CUDA) {
            Nd4j.getAffinityManager().unsafeSetDevice(device);
        }
    }

    @Override
    public long offHeapBytes() {
        return Pointer.totalBytes();
    }

    @Override
    public long deviceBytes(int device) {
        return kind() == Kind.CUDA ? Nd4j.getMemoryManager().allocatedMemory(device) : 0;
    }
}
