package io.anneal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.anneal.training.ComputeDevices.Kind;
import org.junit.jupiter.api.Test;

class WorkerPlanTests {

    @Test
    void onTheCpuBackendThereIsOneWorkerPerCoreUnlessConfigured() {
        assertThat(WorkerPlan.plan(Kind.CPU, 1, null, 2)).containsExactly(new WorkerSlot(0, null),
                new WorkerSlot(1, null));
        assertThat(WorkerPlan.plan(Kind.CPU, 1, 3, 2)).hasSize(3).allMatch(slot -> slot.device() == null);
        assertThat(WorkerPlan.plan(Kind.CPU, 1, 0, 2)).isEmpty();
    }

    @Test
    void onCudaEachWorkerIsBoundToItsOwnDevice() {
        assertThat(WorkerPlan.plan(Kind.CUDA, 4, null, 2)).extracting(WorkerSlot::device)
                .containsExactly(0, 1, 2, 3);
        assertThat(WorkerPlan.plan(Kind.CUDA, 2, 3, 64)).extracting(WorkerSlot::device).containsExactly(0, 1, 0);
        assertThat(WorkerPlan.plan(Kind.CUDA, 2, null, 64).get(1).threadName()).isEqualTo("anneal-worker-1-gpu1");
    }
}
