package io.anneal.training;

import io.anneal.training.data.Dataset;
import io.anneal.training.spec.LoopSpec;
import io.anneal.training.spec.RunSpec;
import java.util.Arrays;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The training loop: shuffled minibatches, epoch by epoch, until the epochs or {@code maxSteps} run
 * out or the observer asks to stop. Runs on the calling thread and holds no locks or transactions.
 */
public final class Trainer {

    private static final int EVALUATION_BATCH = 2048;
    private final int sampleEvery;

    /** @param sampleEvery report every k-th update's loss, sigma and learning rate */
    public Trainer(int sampleEvery) {
        if (sampleEvery < 1) {
            throw new IllegalArgumentException("sampleEvery must be >= 1, was " + sampleEvery);
        }
        this.sampleEvery = sampleEvery;
    }

    public TrainingResult train(RunSpec spec, Dataset data, TrainingObserver observer) {
        checkShapes(data);
        MultiLayerNetwork network = NetworkFactory.build(spec, data.features(), data.classes());
        ProgressListener listener = new ProgressListener(observer, sampleEvery, network);
        network.setListeners(listener);
        LoopSpec loop = spec.training();
        long totalSteps = totalSteps(loop, data.trainExamples());
        observer.started(totalSteps);
        long step = 0;
        int epoch = 0;
        double trainLoss = Double.NaN;
        double testAccuracy = Double.NaN;
        while (step < totalSteps) {
            epoch++;
            listener.startEpoch(epoch);
            network.setEpochCount(epoch - 1);
            int[] order = shuffledOrder(data.trainExamples(), loop.seed(), epoch);
            for (int from = 0; from < order.length && step < totalSteps; from += loop.batchSize()) {
                if (observer.stopRequested()) {
                    listener.sampleLastStep();
                    return new TrainingResult(true, step, epoch - 1, listener.lastLoss(), trainLoss, testAccuracy);
                }
                int[] rows = Arrays.copyOfRange(order, from, Math.min(order.length, from + loop.batchSize()));
                long started = System.nanoTime();
                network.fit(Nd4j.pullRows(data.trainFeatures(), 1, rows), Nd4j.pullRows(data.trainLabels(), 1, rows));
                step++;
                observer.stepCompleted(System.nanoTime() - started, rows.length);
            }
            listener.sampleLastStep();
            trainLoss = listener.epochMeanLoss();
            testAccuracy = accuracy(network, data.testFeatures(), data.testLabels());
            observer.epochEnded(new EpochSummary(epoch, step, trainLoss, testAccuracy));
        }
        return new TrainingResult(false, step, epoch, listener.lastLoss(), trainLoss, testAccuracy);
    }

    /** Planned number of updates: all epochs, cut at {@code maxSteps} when set. */
    public static long totalSteps(LoopSpec loop, int trainExamples) {
        long perEpoch = (trainExamples + loop.batchSize() - 1L) / loop.batchSize();
        long byEpochs = loop.epochs() == null ? Long.MAX_VALUE : perEpoch * loop.epochs();
        return loop.maxSteps() == null ? byEpochs : Math.min(byEpochs, loop.maxSteps());
    }

    static double accuracy(MultiLayerNetwork network, INDArray features, INDArray labels) {
        long examples = features.size(0);
        long correct = 0;
        for (long from = 0; from < examples; from += EVALUATION_BATCH) {
            long to = Math.min(examples, from + EVALUATION_BATCH);
            INDArray batch = features.get(NDArrayIndex.interval(from, to));
            INDArray predicted = network.output(batch, false).argMax(1);
            INDArray actual = labels.get(NDArrayIndex.interval(from, to)).argMax(1);
            correct += predicted.eq(actual).castTo(DataType.LONG).sumNumber().longValue();
        }
        return examples == 0 ? Double.NaN : (double) correct / examples;
    }

    private static int[] shuffledOrder(int examples, long seed, int epoch) {
        int[] order = new int[examples];
        for (int i = 0; i < examples; i++) {
            order[i] = i;
        }
        Random random = new Random(seed * 1_000_003L + epoch);
        for (int i = examples - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    private static void checkShapes(Dataset data) {
        if (data.trainExamples() == 0 || data.testExamples() == 0) {
            throw TrainingFailedException.invalidData("dataset '" + data.name() + "' has an empty split", null);
        }
        if (data.trainLabels().size(0) != data.trainExamples() || data.testFeatures().size(1) != data.features()) {
            throw TrainingFailedException.invalidData("dataset '" + data.name() + "' has inconsistent shapes", null);
        }
    }
}
