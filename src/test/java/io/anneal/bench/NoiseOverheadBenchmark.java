package io.anneal.bench;

import io.anneal.training.internal.data.Dataset;
import io.anneal.training.internal.kernel.KernelStep;
import io.anneal.training.internal.noise.NoisePrefetch;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What annealed gradient noise costs per step on the paper's network, on real digits: plain SGD,
 * SGD with noise drawn on the training thread, and SGD with noise prefetched on the idle core,
 * interleaved in rounds in one process so that drift affects all three alike. Steps run on the
 * service's default engine, the dense-stack kernel; {@code -Dbench.jvmArg=-Dbench.engine=DL4J} times
 * {@code MultiLayerNetwork.fit} instead.
 */
public final class NoiseOverheadBenchmark {

    private static final int ROUNDS = 30;
    private static final int STEPS_PER_ROUND = 50;
    private static final boolean KERNEL = !"DL4J".equals(System.getProperty("bench.engine"));

    private NoiseOverheadBenchmark() {
    }

    public static void main(String[] args) {
        BenchData.oneNd4jThread();
        if (Boolean.getBoolean("bench.noPeriodicGc")) {
            Nd4j.getMemoryManager().togglePeriodicGc(false);
        }
        Dataset digits = BenchData.mnist10k();
        List<INDArray[]> batches = BenchData.batches(digits, 60);
        NoisePrefetch pool = NoisePrefetch.pooled(Runtime.getRuntime().availableProcessors());
        Variant plain = new Variant("plain SGD", PaperNetwork.build(null), NoisePrefetch.INLINE);
        Variant inline = new Variant("SGD + noise, drawn inline", PaperNetwork.build(0.01, 2), NoisePrefetch.INLINE);
        Variant prefetched = new Variant("SGD + noise, prefetched", PaperNetwork.build(0.01, 2), pool);
        Variant inlineOld = new Variant("SGD + noise stream 1, inline", PaperNetwork.build(0.01, 1),
                NoisePrefetch.INLINE);
        Variant prefetchedOld = new Variant("SGD + noise stream 1, prefetched", PaperNetwork.build(0.01, 1), pool);
        List<Variant> variants = List.of(plain, inline, prefetched, inlineOld, prefetchedOld);
        for (Variant variant : variants) {
            variant.run(batches, 100, false);
        }
        for (int round = 0; round < ROUNDS; round++) {
            for (Variant variant : variants) {
                variant.run(batches, STEPS_PER_ROUND, true);
            }
        }
        System.out.printf("%nPaper network (20 x 50 ReLU, batch 128, SGD) on mnist-10k, 1 ND4J thread, %d steps each, %s%n",
                ROUNDS * STEPS_PER_ROUND, KERNEL ? "dense-stack kernel" : "MultiLayerNetwork.fit");
        System.out.printf("%-30s %12s %12s%n", "variant", "median ms", "p90 ms");
        for (Variant variant : variants) {
            System.out.printf("%-30s %12.3f %12.3f%n", variant.name, variant.median(), variant.p90());
        }
        System.out.printf("ratio noise (prefetched) / plain: %.3f%n", prefetched.median() / plain.median());
        System.out.printf("ratio noise (inline) / plain:     %.3f%n", inline.median() / plain.median());
        System.out.printf("noise stream 1 (%s): prefetched / plain %.3f, inline / plain %.3f%n",
                "SplittableRandom per chunk", prefetchedOld.median() / plain.median(),
                inlineOld.median() / plain.median());
        pool.close();
    }

    /** One network and the step times measured on it. */
    private static final class Variant {
        final String name;
        final MultiLayerNetwork network;
        final KernelStep kernel;
        final NoisePrefetch prefetch;
        final List<Double> millis = new ArrayList<>();
        int position;

        Variant(String name, MultiLayerNetwork network, NoisePrefetch prefetch) {
            this.name = name;
            this.network = network;
            this.kernel = KERNEL ? KernelStep.of(network) : null;
            this.prefetch = prefetch;
            prefetch.attachTo(kernel != null ? kernel.updater() : network.getUpdater(true));
        }

        void run(List<INDArray[]> batches, int steps, boolean record) {
            for (int s = 0; s < steps; s++) {
                INDArray[] batch = batches.get(position++ % batches.size());
                long start = System.nanoTime();
                if (kernel != null) {
                    kernel.fit(batch[0], batch[1]);
                } else {
                    network.fit(batch[0], batch[1]);
                }
                long elapsed = System.nanoTime() - start;
                if (record) {
                    millis.add(elapsed / 1e6);
                }
            }
        }

        double median() {
            return BenchData.median(millis.stream().mapToDouble(Double::doubleValue).toArray());
        }

        double p90() {
            return BenchData.percentile(millis.stream().mapToDouble(Double::doubleValue).toArray(), 90);
        }
    }
}
