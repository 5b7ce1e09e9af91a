package io.anneal.dataset;

/** No uploaded dataset has that name. */
public class DatasetNotFoundException extends RuntimeException {

    DatasetNotFoundException(String name) {
        super("No uploaded dataset is named '" + name + "'.");
    }
}
