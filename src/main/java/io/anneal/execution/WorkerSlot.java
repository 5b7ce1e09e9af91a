package io.anneal.execution;

/** One worker thread and the device it is bound to (null on the CPU backend). */
record WorkerSlot(int index, Integer device) {

    String threadName() {
        return device == null ? "anneal-worker-" + index : "anneal-worker-" + index + "-gpu" + device;
    }
}
