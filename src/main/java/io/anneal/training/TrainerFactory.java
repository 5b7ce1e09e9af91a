package io.anneal.training;

import org.springframework.stereotype.Component;

/** Hands out trainers configured from {@link TrainingProperties}, after ND4J has been configured. */
@Component
public class TrainerFactory {

    private final TrainingProperties properties;

    public TrainerFactory(TrainingProperties properties, Nd4jRuntime runtime) {
        this.properties = properties;
    }

    public Trainer trainer() {
        return new Trainer(properties.sampleEvery());
    }
}
