package io.anneal.training.internal.data;

import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The long-range sequence problems recurrent networks are tested on, generated from a fixed seed, so
 * every replica and every run sees the same examples and nothing is downloaded:
 * <ul>
 * <li>{@code adding-<T>}: the adding problem of Hochreiter and Schmidhuber (1997), as Le et al. (2015)
 * pose it. Each of the {@code T} steps has two inputs, a value drawn uniformly from [0, 1] and a marker;
 * exactly two steps are marked, one in each half of the sequence. The target is the sum of the two
 * marked values, read once at the end. Predicting 1 whatever the input scores a mean squared error of
 * 1/6; solving it means remembering two numbers across up to {@code T - 1} steps.</li>
 * <li>{@code binary-addition-<n>}: the sum of two {@code n}-bit numbers, bit by bit, least significant
 * first. Step {@code t} holds bit {@code t} of each number and is labelled with bit {@code t} of their
 * sum; the last of the {@code n + 1} steps holds zeros and the final carry.</li>
 * </ul>
 */
final class SequenceTasks {

    static final int TRAIN = 10_000;
    static final int TEST = 1_000;
    static final int MIN_ADDING_STEPS = 2;
    static final int MAX_ADDING_STEPS = 1_000;
    static final int MAX_BITS = 62;
    /** Names shown in the catalog; every other length or width is offered too. */
    static final String ADDING_EXAMPLE = "adding-100";
    static final String BINARY_ADDITION_EXAMPLE = "binary-addition-8";
    private static final Pattern ADDING = Pattern.compile("adding-([1-9][0-9]{0,5})");
    private static final Pattern BINARY_ADDITION = Pattern.compile("binary-addition-([1-9][0-9]{0,5})");
    private static final long SEED = 19970315L;

    private SequenceTasks() {
    }

    /** Whether the name has the form of a generated task, whatever its parameter. */
    static boolean isTaskName(String name) {
        return ADDING.matcher(name).matches() || BINARY_ADDITION.matcher(name).matches();
    }

    /** Whether the name is a generated task with its parameter in range. */
    static boolean isOffered(String name) {
        return isTaskName(name) && refusal(name).isEmpty();
    }

    /** One example's shape and what is predicted from it, without generating the data. */
    record Task(int steps, int features, Target target) {
    }

    /** @throws IllegalArgumentException if the name is no offered task */
    static Task task(String name) {
        refusal(name).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        Matcher adding = ADDING.matcher(name);
        if (adding.matches()) {
            return new Task(Integer.parseInt(adding.group(1)), 2, Target.VALUE);
        }
        Matcher binary = BINARY_ADDITION.matcher(name);
        binary.matches();
        return new Task(Integer.parseInt(binary.group(1)) + 1, 2, Target.CLASS_PER_STEP);
    }

    /**
     * Why a name of a generated task's form names none (its parameter out of range), if so.
     */
    static Optional<String> refusal(String name) {
        Matcher adding = ADDING.matcher(name);
        if (adding.matches()) {
            int steps = Integer.parseInt(adding.group(1));
            return steps < MIN_ADDING_STEPS || steps > MAX_ADDING_STEPS
                    ? Optional.of("the adding problem takes " + MIN_ADDING_STEPS + " to " + MAX_ADDING_STEPS
                            + " steps ('adding-100'), not " + steps)
                    : Optional.empty();
        }
        Matcher binary = BINARY_ADDITION.matcher(name);
        if (binary.matches()) {
            int bits = Integer.parseInt(binary.group(1));
            return bits > MAX_BITS ? Optional.of("binary addition takes numbers of 1 to " + MAX_BITS
                    + " bits ('binary-addition-8'), not " + bits) : Optional.empty();
        }
        return Optional.of("'" + name + "' is not a generated sequence task");
    }

    /** The generated dataset of that name. */
    static Dataset generate(String name) {
        Task task = task(name);
        return task.target() == Target.VALUE ? adding(name, task.steps()) : binaryAddition(name, task.steps() - 1);
    }

    private static Dataset adding(String name, int steps) {
        SplittableRandom random = new SplittableRandom(SEED ^ steps);
        float[][][] train = addingExamples(TRAIN, steps, random);
        float[][][] test = addingExamples(TEST, steps, random);
        return Dataset.sequences(name, Nd4j.create(train[0]), Nd4j.create(train[1]), Nd4j.create(test[0]),
                Nd4j.create(test[1]), new int[] {steps, 2}, Target.VALUE);
    }

    /** {@code [features, targets]}: rows of {@code steps x 2} inputs, time-major, and one sum per row. */
    private static float[][][] addingExamples(int count, int steps, SplittableRandom random) {
        float[][] features = new float[count][steps * 2];
        float[][] targets = new float[count][1];
        int half = steps / 2;
        for (int i = 0; i < count; i++) {
            for (int t = 0; t < steps; t++) {
                features[i][2 * t] = (float) random.nextDouble();
            }
            int first = random.nextInt(half);
            int second = half + random.nextInt(steps - half);
            features[i][2 * first + 1] = 1f;
            features[i][2 * second + 1] = 1f;
            targets[i][0] = features[i][2 * first] + features[i][2 * second];
        }
        return new float[][][] {features, targets};
    }

    private static Dataset binaryAddition(String name, int bits) {
        SplittableRandom random = new SplittableRandom(SEED ^ (1000L + bits));
        float[][][] train = additionExamples(TRAIN, bits, random);
        float[][][] test = additionExamples(TEST, bits, random);
        return Dataset.sequences(name, Nd4j.create(train[0]), Nd4j.create(train[1]), Nd4j.create(test[0]),
                Nd4j.create(test[1]), new int[] {bits + 1, 2}, Target.CLASS_PER_STEP);
    }

    /** {@code [features, labels]}: two bits per step, and the sum's bit one-hot over 2 classes per step. */
    private static float[][][] additionExamples(int count, int bits, SplittableRandom random) {
        int steps = bits + 1;
        float[][] features = new float[count][steps * 2];
        float[][] labels = new float[count][steps * 2];
        long bound = 1L << bits;
        for (int i = 0; i < count; i++) {
            long a = random.nextLong(bound);
            long b = random.nextLong(bound);
            long sum = a + b;
            for (int t = 0; t < steps; t++) {
                features[i][2 * t] = (a >>> t) & 1;
                features[i][2 * t + 1] = (b >>> t) & 1;
                labels[i][2 * t + (int) ((sum >>> t) & 1)] = 1f;
            }
        }
        return new float[][][] {features, labels};
    }
}
