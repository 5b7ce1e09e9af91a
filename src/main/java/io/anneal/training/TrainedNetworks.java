package io.anneal.training;

import io.anneal.artifact.ModelRef;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Saved models: their bytes, predictions and evaluations. */
public interface TrainedNetworks {

    /** The model file as written, for download. */
    InputStream open(ModelRef model) throws IOException;

    /**
     * The shape of one example the model takes: {@code [features]}, {@code [height, width, channels]} or
     * {@code [steps, features]}; instances are given to {@link #predict} flattened row-major (time-major).
     */
    List<Integer> inputShape(ModelRef model);

    /**
     * Answers for rows of input features, already scaled as in training ([0, 1] for images).
     *
     * @throws ModelInputException naming the first row that does not fit
     */
    List<Prediction> predict(ModelRef model, float[][] instances);

    /**
     * Accuracy, loss, per-class figures and the confusion matrix of the model on a dataset split.
     *
     * @throws ModelInputException if the dataset does not fit the model
     * @throws DatasetUnavailableException if the dataset cannot be loaded
     */
    Evaluation evaluate(ModelRef model, String dataset, Split split);

    /** A dataset's two parts. */
    enum Split { TRAIN, TEST }
}
