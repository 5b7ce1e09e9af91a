package io.anneal.training;

import java.util.List;
import java.util.Optional;

/** The datasets a spec may name. */
public interface Datasets {

    List<DatasetDescription> list();

    Optional<DatasetDescription> find(String name);

    /**
     * Loads the dataset now (once; later runs share it), so a submission can be refused with the
     * reason instead of failing later.
     *
     * @throws DatasetUnavailableException naming the cause when it cannot be loaded
     */
    DatasetDescription load(String name);
}
