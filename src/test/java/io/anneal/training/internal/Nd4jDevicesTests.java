package io.anneal.training.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.anneal.training.ComputeDevices;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class Nd4jDevicesTests {

    @Test
    void theBackendKindFollowsTheNd4jBackendClass() {
        assertThat(Nd4jDevices.kindOf("org.nd4j.linalg.cpu.nativecpu.CpuBackend"))
                .isEqualTo(ComputeDevices.Kind.CPU);
        assertThat(Nd4jDevices.kindOf("org.nd4j.linalg.jcublas.JCublasBackend"))
                .isEqualTo(ComputeDevices.Kind.CUDA);
    }

    @Test
    void thisBuildRunsOnTheCpuBackend() {
        Nd4jDevices devices = new Nd4jDevices(null);
        assertThat(Nd4j.getBackend().getClass().getName()).contains("cpu");
        assertThat(devices.kind()).isEqualTo(ComputeDevices.Kind.CPU);
        devices.bindCurrentThread(0);
        assertThat(devices.deviceCount()).isPositive();
    }
}
