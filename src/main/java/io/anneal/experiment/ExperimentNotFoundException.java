package io.anneal.experiment;

import java.util.UUID;

/** No experiment with that id for this owner. */
public class ExperimentNotFoundException extends RuntimeException {

    ExperimentNotFoundException(UUID id) {
        super("No experiment with id " + id + ".");
    }
}
