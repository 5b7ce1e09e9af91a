package io.anneal.training.internal;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.concurrency.AffinityManager;

/**
 * An affinity manager that records which arrays are synchronised to or tagged as current on the host,
 * so a test on the CPU shows what a GPU backend would be told.
 */
public final class RecordingAffinity {

    /** One call: the method, the array it named and the location. */
    public record Call(String method, Object array, AffinityManager.Location location) {
    }

    private final List<Call> calls = new ArrayList<>();

    public HostWrites hostWrites() {
        AffinityManager manager = (AffinityManager) Proxy.newProxyInstance(AffinityManager.class.getClassLoader(),
                new Class<?>[] {AffinityManager.class}, (proxy, method, arguments) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("hashCode") ? 0 : method.getName().equals("equals") && false;
                    }
                    synchronized (calls) {
                        calls.add(new Call(method.getName(), arguments[0], (AffinityManager.Location) arguments[1]));
                    }
                    return null;
                });
        return new HostWrites(() -> manager);
    }

    /** Whether {@code array} itself was brought up to date on the host before it was read there. */
    public boolean broughtToHost(Object array) {
        synchronized (calls) {
            return calls.stream().anyMatch(call -> call.method().equals("ensureLocation") && call.array() == array
                    && call.location() == AffinityManager.Location.HOST);
        }
    }

    /** Whether {@code array} itself was tagged as current on the host. */
    public boolean taggedOnHost(Object array) {
        synchronized (calls) {
            return calls.stream().anyMatch(call -> call.method().equals("tagLocation") && call.array() == array
                    && call.location() == AffinityManager.Location.HOST);
        }
    }
}
