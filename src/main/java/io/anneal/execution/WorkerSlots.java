package io.anneal.execution;

import io.anneal.training.ComputeDevices;
import java.util.List;
import org.springframework.stereotype.Component;

/** This instance's worker slots ({@link WorkerPlan}), and binding a worker's thread to its device. */
@Component
class WorkerSlots {

    private final ComputeDevices devices;
    private final WorkerProperties workers;

    WorkerSlots(ComputeDevices devices, WorkerProperties workers) {
        this.devices = devices;
        this.workers = workers;
    }

    List<WorkerSlot> plan() {
        return WorkerPlan.plan(devices.kind(), devices.deviceCount(), workers.workers(),
                Runtime.getRuntime().availableProcessors());
    }

    /** Pins the calling thread to the slot's device (GPUs only). */
    void bind(WorkerSlot slot) {
        if (slot.device() != null) {
            devices.bindCurrentThread(slot.device());
        }
    }

    String describe() {
        return devices.kind() + " (" + devices.deviceCount() + " device(s))";
    }
}
