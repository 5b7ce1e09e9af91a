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
        Variant inline = new Variant("noise, drawn inline", PaperNetwork.build(0.01, 3), NoisePrefetch.INLINE);
        Variant prefetched = new Variant("noise, prefetched", PaperNetwork.build(0.01, 3), pool);
        Variant inPlace = new Variant("noise, in place", PaperNetwork.build(0.01, 3), NoisePrefetch.IN_PLACE);
        Variant streamTwo = new Variant("noise stream 2, prefetched", PaperNetwork.build(0.01, 2), pool);
        Variant streamOne = new Variant("noise stream 1, prefetched", PaperNetwork.build(0.01, 1), pool);
        List<Variant> variants = List.of(plain, inline, prefetched, inPlace, streamTwo, streamOne);
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
        System.out.println("One network training, the other core idle (noise: eta 0.01, stream 3 unless named)");
        System.out.printf("%-30s %12s %12s %12s%n", "variant", "median ms", "p90 ms", "/ plain");
        for (Variant variant : variants) {
            System.out.printf("%-30s %12.3f %12.3f %12.3f%n", variant.name, variant.median(), variant.p90(),
                    variant.median() / plain.median());
        }
        bothCores(batches, pool);
        pool.close();
    }

    /**
     * Every core training: one network per core, each on its own thread, stepping at once; the same
     * three ways, interleaved in rounds. Prints total steps per second.
     */
    private static void bothCores(List<INDArray[]> batches, NoisePrefetch pool) {
        int cores = Runtime.getRuntime().availableProcessors();
        String[] names = {"plain SGD", "noise stream 2, prefetched", "noise, prefetched", "noise, in place"};
        List<List<Variant>> ways = new ArrayList<>();
        for (int way = 0; way < names.length; way++) {
            List<Variant> copies = new ArrayList<>();
            for (int c = 0; c < cores; c++) {
                copies.add(switch (way) {
                    case 0 -> new Variant(names[way], PaperNetwork.build(null), NoisePrefetch.INLINE);
                    case 1 -> new Variant(names[way], PaperNetwork.build(0.01, 2), pool);
                    case 2 -> new Variant(names[way], PaperNetwork.build(0.01, 3), pool);
                    default -> new Variant(names[way], PaperNetwork.build(0.01, 3), NoisePrefetch.IN_PLACE);
                });
            }
            ways.add(copies);
        }
        int rounds = 12;
        int steps = 400;
        double[][] rates = new double[names.length][rounds];
        for (int round = -2; round < rounds; round++) {
            for (int way = 0; way < names.length; way++) {
                List<Thread> threads = new ArrayList<>();
                long start = System.nanoTime();
                for (Variant copy : ways.get(way)) {
                    Thread thread = new Thread(() -> copy.run(batches, steps, false));
                    threads.add(thread);
                    thread.start();
                }
                for (Thread thread : threads) {
                    try {
                        thread.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                }
                if (round >= 0) {
                    rates[way][round] = (double) steps * cores / ((System.nanoTime() - start) / 1e9);
                }
            }
        }
        System.out.printf("%nEvery core training (%d networks at once, %d rounds of %d steps each)%n", cores, rounds,
                steps);
        System.out.printf("%-30s %16s %16s%n", "variant", "steps/s median", "/ plain");
        for (int way = 0; way < names.length; way++) {
            System.out.printf("%-30s %16.0f %16.3f%n", names[way], BenchData.median(rates[way]),
                    BenchData.median(rates[way]) / BenchData.median(rates[0]));
        }
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
