package io.anneal.curve;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** The curves a job records: per sampled update, or per epoch (the validation ones when it holds out a split). */
public enum Metric {
    LOSS("loss"), SIGMA("sigma"), LEARNING_RATE("learningRate"), TEST_ACCURACY("testAccuracy"),
    TRAIN_LOSS("trainLoss"), VALIDATION_ACCURACY("validationAccuracy"), VALIDATION_LOSS("validationLoss");

    private final String wireName;

    Metric(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Optional<Metric> fromWireName(String name) {
        return Arrays.stream(values()).filter(metric -> metric.wireName.equals(name)).findFirst();
    }
}
