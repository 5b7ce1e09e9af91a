package io.anneal.metrics;

import io.anneal.training.ComputeDevices;
import org.springframework.stereotype.Component;

/** ND4J's native memory: off-heap bytes on the CPU, allocated bytes per GPU on CUDA. */
@Component
class Nd4jMeters {

    Nd4jMeters(AnnealMeters meters, ComputeDevices devices) {
        meters.gauge(AnnealMeters.ND4J_OFF_HEAP, "Native memory held by ND4J", "bytes", devices::offHeapBytes);
        if (devices.kind() == ComputeDevices.Kind.CUDA) {
            for (int device = 0; device < devices.deviceCount(); device++) {
                int id = device;
                meters.gauge(AnnealMeters.ND4J_DEVICE_MEMORY, "GPU memory allocated by ND4J", "bytes",
                        () -> devices.deviceBytes(id), "device", Integer.toString(id));
            }
        }
    }
}
