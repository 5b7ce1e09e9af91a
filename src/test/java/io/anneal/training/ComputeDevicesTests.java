package io.anneal.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class ComputeDevicesTests {

    @Test
    void theBackendKindFollowsTheNd4jBackendClass() {
        assertThat(ComputeDevices.kindOf("org.nd4j.linalg.cpu.nativecpu.CpuBackend"))
                .isEqualTo(ComputeDevices.Kind.CPU);
        assertThat(ComputeDevices.kindOf("org.nd4j.linalg.jcublas.JCublasBackend"))
                .isEqualTo(ComputeDevices.Kind.CUDA);
    }

    @Test
    void thisBuildRunsOnTheCpuBackend() {
        ComputeDevices devices = new ComputeDevices(null);
        assertThat(Nd4j.getBackend().getClass().getName()).contains("cpu");
        assertThat(devices.kind()).isEqualTo(ComputeDevices.Kind.CPU);
        devices.bindCurrentThread(0);
        assertThat(devices.deviceCount()).isPositive();
    }
}
