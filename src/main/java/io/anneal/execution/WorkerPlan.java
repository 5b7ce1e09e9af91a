package io.anneal.execution;

import io.anneal.training.ComputeDevices;
import java.util.ArrayList;
import java.util.List;

/**
 * How many workers to run and where: on CPU, {@code anneal.workers} (default: the cores), each
 * training with one ND4J thread; on CUDA, one worker per device, round-robin when more are asked for.
 */
final class WorkerPlan {

    private WorkerPlan() {
    }

    static List<WorkerSlot> plan(ComputeDevices.Kind kind, int devices, Integer configured, int cores) {
        List<WorkerSlot> slots = new ArrayList<>();
        if (kind == ComputeDevices.Kind.CUDA) {
            int count = configured == null ? devices : configured;
            for (int i = 0; i < count; i++) {
                slots.add(new WorkerSlot(i, i % Math.max(1, devices)));
            }
        } else {
            int count = configured == null ? cores : configured;
            for (int i = 0; i < count; i++) {
                slots.add(new WorkerSlot(i, null));
            }
        }
        return slots;
    }
}
