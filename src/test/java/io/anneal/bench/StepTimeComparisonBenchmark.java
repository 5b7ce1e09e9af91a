package io.anneal.bench;

import io.anneal.training.data.Dataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J against PyTorch on the paper's network (20 x 50 ReLU, batch 128, plain SGD, one thread) on the
 * same mnist-10k digits: DL4J steps, then PyTorch ({@code bench/torch_step.py}), then DL4J again, so
 * drift shows; prints both medians and their ratio. PyTorch comes from Debian's python3-torch.
 */
public final class StepTimeComparisonBenchmark {

    private static final int STEPS = 1500;

    private StepTimeComparisonBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchData.oneNd4jThread();
        if (Boolean.getBoolean("bench.noPeriodicGc")) {
            Nd4j.getMemoryManager().togglePeriodicGc(false);
        }
        Dataset digits = BenchData.mnist10k();
        List<INDArray[]> batches = BenchData.batches(digits, 60);
        MultiLayerNetwork network = PaperNetwork.build(null);
        steps(network, batches, 200);
        double[] before = steps(network, batches, STEPS);
        String torch = torch();
        double[] after = steps(network, batches, STEPS);
        double[] all = new double[before.length + after.length];
        System.arraycopy(before, 0, all, 0, before.length);
        System.arraycopy(after, 0, all, before.length, after.length);
        System.out.printf("%nPaper network, batch 128, plain SGD, one thread, mnist-10k%n");
        System.out.printf("DL4J median ms/step:    %.3f (before PyTorch %.3f, after %.3f), p90 %.3f%n",
                BenchData.median(all), BenchData.median(before), BenchData.median(after),
                BenchData.percentile(all, 90));
        Matcher median = Pattern.compile("median_ms=([0-9.]+)").matcher(torch);
        if (median.find()) {
            double torchMedian = Double.parseDouble(median.group(1));
            System.out.printf("PyTorch median ms/step: %.3f (%s)%n", torchMedian, torch.strip());
            System.out.printf("ratio DL4J / PyTorch:   %.2f%n", BenchData.median(all) / torchMedian);
        } else {
            System.out.printf("PyTorch side skipped: %s%n", torch.strip());
        }
    }

    private static double[] steps(MultiLayerNetwork network, List<INDArray[]> batches, int count) {
        double[] millis = new double[count];
        for (int s = 0; s < count; s++) {
            INDArray[] batch = batches.get(s % batches.size());
            long start = System.nanoTime();
            network.fit(batch[0], batch[1]);
            millis[s] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    private static String torch() throws IOException, InterruptedException {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Process process = new ProcessBuilder(python, "bench/torch_step.py",
                Path.of(BenchData.root(), "mnist-10k").toString(), Integer.toString(STEPS))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output.isBlank() ? "no output from " + python + " (exit " + process.exitValue() + ")" : output;
    }
}
