package io.anneal.bench;

import io.anneal.training.internal.data.Dataset;
import io.anneal.training.internal.kernel.KernelStep;
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
 * same mnist-10k digits: DL4J's own {@code fit} and Anneal's dense-stack kernel (the service's default)
 * are timed, then PyTorch ({@code bench/torch_step.py}), then both again in reverse order, so drift
 * shows; prints the medians and the ratios. PyTorch comes from Debian's python3-torch.
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
        MultiLayerNetwork fitNetwork = PaperNetwork.build(null);
        MultiLayerNetwork kernelNetwork = PaperNetwork.build(null);
        try (KernelStep kernel = KernelStep.of(kernelNetwork)) {
            Step fit = fitNetwork::fit;
            Step fused = kernel::fit;
            steps(fit, batches, 200);
            steps(fused, batches, 200);
            double[] fitBefore = steps(fit, batches, STEPS);
            double[] kernelBefore = steps(fused, batches, STEPS);
            String torch = torch();
            double[] kernelAfter = steps(fused, batches, STEPS);
            double[] fitAfter = steps(fit, batches, STEPS);
            System.out.printf("%nPaper network, batch 128, plain SGD, one thread, mnist-10k%n");
            double fitMedian = report("DL4J MultiLayerNetwork.fit", fitBefore, fitAfter);
            double kernelMedian = report("Anneal dense-stack kernel", kernelBefore, kernelAfter);
            Matcher median = Pattern.compile("median_ms=([0-9.]+)").matcher(torch);
            if (median.find()) {
                double torchMedian = Double.parseDouble(median.group(1));
                System.out.printf("%-28s median ms/step %.3f (%s)%n", "PyTorch", torchMedian, torch.strip());
                System.out.printf("ratio fit / PyTorch:    %.2f%n", fitMedian / torchMedian);
                System.out.printf("ratio kernel / PyTorch: %.2f  (the service's default)%n", kernelMedian / torchMedian);
            } else {
                System.out.printf("PyTorch side skipped: %s%n", torch.strip());
            }
            System.out.printf("ratio kernel / fit:     %.2f%n", kernelMedian / fitMedian);
        }
    }

    /** One minibatch update. */
    private interface Step {
        void fit(INDArray features, INDArray labels);
    }

    private static double report(String name, double[] before, double[] after) {
        double[] all = new double[before.length + after.length];
        System.arraycopy(before, 0, all, 0, before.length);
        System.arraycopy(after, 0, all, before.length, after.length);
        double median = BenchData.median(all);
        System.out.printf("%-28s median ms/step %.3f (before PyTorch %.3f, after %.3f), p90 %.3f%n", name, median,
                BenchData.median(before), BenchData.median(after), BenchData.percentile(all, 90));
        return median;
    }

    private static double[] steps(Step step, List<INDArray[]> batches, int count) {
        double[] millis = new double[count];
        for (int s = 0; s < count; s++) {
            INDArray[] batch = batches.get(s % batches.size());
            long start = System.nanoTime();
            step.fit(batch[0], batch[1]);
            millis[s] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    private static String torch() throws IOException, InterruptedException {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Process process = new ProcessBuilder(python, "bench/torch_step.py",
                BenchData.MNIST_FOLDER.toString(), Integer.toString(STEPS))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output.isBlank() ? "no output from " + python + " (exit " + process.exitValue() + ")" : output;
    }
}
