package io.anneal.dataset;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** The uploaded datasets, for the modules that train on or list them. */
public interface UploadedDatasets {

    List<StoredDataset> list();

    Optional<StoredDataset> find(String name);

    /** Opens one stored split of {@code dataset} ({@code test} or training). */
    SplitFile.Reader open(StoredDataset dataset, boolean test) throws IOException;
}
