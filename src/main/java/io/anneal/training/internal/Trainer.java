package io.anneal.training.internal;

import io.anneal.artifact.BestModel;
import io.anneal.artifact.CheckpointRef;
import io.anneal.artifact.ModelRef;
import io.anneal.spec.KeepBest;
import io.anneal.spec.LoopSpec;
import io.anneal.spec.RunSpec;
import io.anneal.training.EpochSummary;
import io.anneal.training.TrainingFailedException;
import io.anneal.training.TrainingObserver;
import io.anneal.training.TrainingResult;
import io.anneal.training.internal.checkpoint.CheckpointStore;
import io.anneal.training.internal.checkpoint.SavedCheckpoint;
import io.anneal.training.internal.data.Dataset;
import io.anneal.training.internal.data.Target;
import io.anneal.training.internal.data.ValidationSplit;
import io.anneal.training.internal.noise.NoisePrefetch;
import io.anneal.training.internal.trained.InputScaling;
import io.anneal.training.internal.trained.ModelStore;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;
import java.util.function.ToDoubleBiFunction;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop: shuffled minibatches, epoch by epoch, until the epochs or {@code maxSteps} run
 * out or the observer asks to stop; saves checkpoints on schedule and resumes from one exactly where
 * it was taken. Runs on the calling thread and holds no locks or transactions.
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    private final int sampleEvery;
    private final CheckpointStore checkpoints;
    private final ModelStore models;
    private final UpdateEngine engine;
    private final NoisePrefetch prefetch;

    /**
     * @param sampleEvery report every k-th update's loss, sigma and learning rate
     * @param checkpoints where checkpoints go; may be null for runs that never checkpoint
     * @param models where final models go; may be null for runs that keep no model
     * @param engine what computes each update
     * @param prefetch where gradient noise for the next step is drawn
     */
    public Trainer(int sampleEvery, CheckpointStore checkpoints, ModelStore models, UpdateEngine engine,
            NoisePrefetch prefetch) {
        if (sampleEvery < 1) {
            throw new IllegalArgumentException("sampleEvery must be >= 1, was " + sampleEvery);
        }
        this.sampleEvery = sampleEvery;
        this.checkpoints = checkpoints;
        this.models = models;
        this.engine = engine;
        this.prefetch = prefetch;
    }

    public Trainer(int sampleEvery, CheckpointStore checkpoints, ModelStore models, UpdateEngine engine) {
        this(sampleEvery, checkpoints, models, engine, NoisePrefetch.INLINE);
    }

    public Trainer(int sampleEvery, CheckpointStore checkpoints, ModelStore models) {
        this(sampleEvery, checkpoints, models, UpdateEngine.KERNEL);
    }

    public Trainer(int sampleEvery, CheckpointStore checkpoints) {
        this(sampleEvery, checkpoints, null);
    }

    public Trainer(int sampleEvery) {
        this(sampleEvery, null, null);
    }

    public TrainingResult train(RunSpec spec, Dataset data, TrainingObserver observer) {
        return train(spec, data, observer, RunOptions.fresh());
    }

    public TrainingResult train(RunSpec spec, Dataset data, TrainingObserver observer, RunOptions options) {
        checkShapes(data);
        ValidationSplit validation = spec.training().hasValidation()
                ? carve(data, spec.training().validationFraction(), spec.training().seed()) : null;
        SavedCheckpoint resume = options.resumeFrom() == null ? null : SavedCheckpoint.of(options.resumeFrom());
        MultiLayerNetwork network = resume == null ? NetworkFactory.build(spec, data)
                : checkpoints.load(resume);
        TrainingPosition start = resume == null ? TrainingPosition.START : resume.position();
        ProgressListener listener = new ProgressListener(observer, sampleEvery, network);
        network.setListeners(listener);
        long totalSteps = totalSteps(spec.training(),
                validation == null ? data.trainExamples() : validation.trainingRows().length);
        observer.started(totalSteps);
        try (MinibatchStep step = MinibatchStep.of(network, engine, spec.training().batchSize(), prefetch,
                GlobalNormClip.of(spec.optimizer().gradientClipping()),
                labels -> data.target().networkLabels(labels, data.steps()))) {
            observer.computedBy(step.engine().name(), Nd4jDevices.kindOf(Nd4j.getBackend().getClass().getName()).name());
            return new Loop(spec.training(), data, validation, observer, options, network, step, listener, totalSteps)
                    .from(start);
        }
    }

    /** Planned number of updates: all epochs, cut at {@code maxSteps} when set. */
    public static long totalSteps(LoopSpec loop, int trainExamples) {
        long perEpoch = (trainExamples + loop.batchSize() - 1L) / loop.batchSize();
        long byEpochs = loop.epochs() == null ? Long.MAX_VALUE : perEpoch * loop.epochs();
        return loop.maxSteps() == null ? byEpochs : Math.min(byEpochs, loop.maxSteps());
    }

    private static ValidationSplit carve(Dataset data, double fraction, long seed) {
        try {
            return ValidationSplit.carve(data, fraction, seed);
        } catch (IllegalArgumentException e) {
            throw TrainingFailedException.invalidData(e.getMessage(), e);
        }
    }

    /** The state of one run of the loop. */
    private final class Loop {
        private final LoopSpec loop;
        private final Dataset data;
        private final ValidationSplit validation;
        private final KeepBest keepBest;
        private final TrainingObserver observer;
        private final RunOptions options;
        private final MultiLayerNetwork network;
        private final MinibatchStep minibatchStep;
        private final MinibatchRows minibatchRows;
        private final ProgressListener listener;
        private final long totalSteps;
        private long step;
        private int epoch;
        private int batchesDone;
        private double trainLoss;
        private double testAccuracy;
        private long lastCheckpointStep;
        private long lastCheckpointNanos = System.nanoTime();
        private BestModel best;
        /** Best models that checkpoints which may still be resumed from refer to, newest last. */
        private final Deque<BestModel> bestOfCheckpoints = new ArrayDeque<>();
        /** Best model files this attempt wrote and has not deleted. */
        private final Set<String> savedBest = new LinkedHashSet<>();

        Loop(LoopSpec loop, Dataset data, ValidationSplit validation, TrainingObserver observer, RunOptions options,
                MultiLayerNetwork network, MinibatchStep minibatchStep, ProgressListener listener, long totalSteps) {
            this.validation = validation;
            this.keepBest = validation == null || models == null || options.modelSpecJson() == null
                    || loop.keepBest() == null ? KeepBest.NONE : loop.keepBest();
            this.minibatchStep = minibatchStep;
            this.minibatchRows = new MinibatchRows(data.trainFeatures(), data.trainLabels());
            this.loop = loop;
            this.data = data;
            this.observer = observer;
            this.options = options;
            this.network = network;
            this.listener = listener;
            this.totalSteps = totalSteps;
        }

        TrainingResult from(TrainingPosition start) {
            step = start.step();
            lastCheckpointStep = step;
            epoch = start.epoch();
            batchesDone = start.batchesDone();
            trainLoss = start.trainLoss();
            testAccuracy = start.testAccuracy();
            best = usable(start.best());
            listener.startEpoch(epoch, start.epochLossSum(), start.epochUpdates());
            while (step < totalSteps || batchesDone > 0) {
                if (!runEpoch()) {
                    return result(true);
                }
                epoch++;
                batchesDone = 0;
                listener.startEpoch(epoch, 0, 0);
            }
            return result(false);
        }

        /** Returns false when stopped early. */
        private boolean runEpoch() {
            network.setEpochCount(epoch - 1);
            int[] trainingRows = validation == null ? null : validation.trainingRows();
            int[] order = shuffledOrder(trainingRows == null ? data.trainExamples() : trainingRows.length, loop.seed(),
                    epoch);
            int batchSize = loop.batchSize();
            for (int from = batchesDone * batchSize; from < order.length && step < totalSteps; from += batchSize) {
                if (observer.stopRequested()) {
                    listener.sampleLastStep();
                    if (observer.checkpointBeforeStop()) {
                        checkpoint();
                    }
                    return false;
                }
                int[] rows = Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
                for (int i = 0; trainingRows != null && i < rows.length; i++) {
                    rows[i] = trainingRows[rows[i]];
                }
                long started = System.nanoTime();
                INDArray[] batch = minibatchRows.gather(rows);
                minibatchStep.fit(batch[0], batch[1]);
                step++;
                batchesDone++;
                observer.stepCompleted(System.nanoTime() - started, rows.length);
                if (options.checkpoints().isDue(step - lastCheckpointStep, System.nanoTime() - lastCheckpointNanos)) {
                    checkpoint();
                }
            }
            listener.sampleLastStep();
            trainLoss = listener.epochMeanLoss();
            testAccuracy = accuracy(minibatchStep, data, data.testFeatures(), data.testLabels());
            double validationAccuracy = Double.NaN;
            double validationLoss = Double.NaN;
            if (validation != null) {
                validationAccuracy = accuracy(minibatchStep, data, validation.features(), validation.labels());
                validationLoss = loss(minibatchStep, validation.features(), validation.labels());
            }
            observer.epochEnded(new EpochSummary(epoch, step, trainLoss, testAccuracy, validationAccuracy,
                    validationLoss));
            keepIfBest(validationAccuracy, validationLoss);
            return true;
        }

        /** Saves the network as the best model when it beats the one kept so far on the validation split. */
        private void keepIfBest(double validationAccuracy, double validationLoss) {
            if (keepBest == KeepBest.NONE) {
                return;
            }
            double score = keepBest == KeepBest.VALIDATION_LOSS ? validationLoss : validationAccuracy;
            if (!keepBest.improves(score, best == null ? Double.NaN : best.score())) {
                return;
            }
            ModelRef saved = models.saveBest(options.run(), step, network, options.modelSpecJson(),
                    InputScaling.of(data));
            savedBest.add(saved.location());
            best = new BestModel(saved, keepBest, step, epoch, validationAccuracy, validationLoss, testAccuracy);
            observer.bestModelSaved(best);
            pruneBest();
        }

        /**
         * Deletes the best models this attempt saved that nothing refers to any more: the current one
         * stays, and so do the one the job points at (or is being told of) and the one of every checkpoint
         * that may still be resumed from (the newest few and the one recorded on the job). Files of other
         * attempts are left to the verdict, which holds the lease.
         */
        private void pruneBest() {
            Set<String> keep = new HashSet<>();
            if (best != null) {
                keep.add(best.model().location());
            }
            bestOfCheckpoints.forEach(kept -> keep.add(kept.model().location()));
            observer.bestModelsInUse().forEach(used -> keep.add(used.model().location()));
            CheckpointRef resumable = observer.resumableCheckpoint();
            if (resumable != null) {
                BestModel ofResumable = SavedCheckpoint.of(resumable).position().best();
                if (ofResumable != null) {
                    keep.add(ofResumable.model().location());
                }
            }
            for (Iterator<String> saved = savedBest.iterator(); saved.hasNext();) {
                String location = saved.next();
                if (!keep.contains(location)) {
                    models.deleteBest(options.run(), location);
                    saved.remove();
                }
            }
        }

        /** The best model a checkpoint recorded, unless its file is gone (then the run starts choosing afresh). */
        private BestModel usable(BestModel recorded) {
            if (recorded == null || keepBest == KeepBest.NONE) {
                return null;
            }
            if (!models.exists(recorded.model())) {
                LOG.warn("Run {}: the best model of its checkpoint ({}) is gone; choosing the best model afresh",
                        options.run(), recorded.model().location());
                return null;
            }
            bestOfCheckpoints.add(recorded);
            observer.bestModelSaved(recorded);
            return recorded;
        }

        private void checkpoint() {
            if (checkpoints == null || !options.checkpoints().isEnabled()) {
                return;
            }
            TrainingPosition position = new TrainingPosition(step, epoch, batchesDone, listener.epochLossSum(),
                    listener.epochUpdates(), trainLoss, testAccuracy, best);
            observer.checkpointSaved(checkpoints.save(options.run(), network, position,
                    observer.resumableCheckpoint()));
            lastCheckpointStep = step;
            lastCheckpointNanos = System.nanoTime();
            if (best != null) {
                bestOfCheckpoints.addLast(best);
                while (bestOfCheckpoints.size() > checkpoints.keep()) {
                    bestOfCheckpoints.removeFirst();
                }
                pruneBest();
            }
        }

        private TrainingResult result(boolean stopped) {
            boolean keep = !stopped || observer.keepModelOnStop();
            if (stopped && keep) {
                testAccuracy = accuracy(minibatchStep, data, data.testFeatures(), data.testLabels());
                if (listener.epochUpdates() > 0) {
                    trainLoss = listener.epochMeanLoss();
                }
            }
            ModelRef model = keep && models != null && options.modelSpecJson() != null
                    ? models.save(options.run(), network, options.modelSpecJson(),
                            InputScaling.of(data)) : null;
            return new TrainingResult(stopped, step, epoch - 1, listener.lastLoss(), trainLoss, testAccuracy, model,
                    best);
        }
    }

    /** Share of rows whose most probable class is the labelled one, in chunks to bound the buffers. */
    static double accuracy(MinibatchStep step, INDArray features, INDArray labels) {
        return meanOverChunks(features, labels, step.evaluationRows(), (rows, targets) -> {
            int[] predicted = step.predictedClasses(rows);
            int[] actual = targets.argMax(1).toIntVector();
            int correct = 0;
            for (int i = 0; i < actual.length; i++) {
                correct += predicted[i] == actual[i] ? 1 : 0;
            }
            return correct;
        });
    }

    /** Share of rows the network gets right by the dataset's target ({@link Target}), in chunks. */
    static double accuracy(MinibatchStep step, Dataset data, INDArray features, INDArray labels) {
        if (data.target() == Target.CLASS) {
            return accuracy(step, features, labels);
        }
        return meanOverChunks(features, labels, step.evaluationRows(), (rows, targets) -> {
            int correct = 0;
            for (boolean right : data.target().correct(step.output(rows), targets, data.steps())) {
                correct += right ? 1 : 0;
            }
            return correct;
        });
    }

    /** Mean loss over the rows. */
    static double loss(MinibatchStep step, INDArray features, INDArray labels) {
        return meanOverChunks(features, labels, step.evaluationRows(),
                (rows, targets) -> step.loss(rows, targets) * rows.size(0));
    }

    /**
     * The mean of a per-row figure over all rows, summed over chunks of at most {@code chunk} rows to bound
     * the buffers; NaN for no rows.
     */
    private static double meanOverChunks(INDArray features, INDArray labels, int chunk,
            ToDoubleBiFunction<INDArray, INDArray> sumOfChunk) {
        long examples = features.size(0);
        double sum = 0;
        for (long from = 0; from < examples; from += chunk) {
            long to = Math.min(examples, from + chunk);
            boolean whole = from == 0 && to == examples;
            INDArray rows = whole ? features : features.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            INDArray targets = whole ? labels : labels.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            sum += sumOfChunk.applyAsDouble(rows, targets);
        }
        return examples == 0 ? Double.NaN : sum / examples;
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
