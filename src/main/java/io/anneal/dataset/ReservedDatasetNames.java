package io.anneal.dataset;

import java.util.Set;

/** Names an upload may not take because another source of datasets offers them (built-in ones, folders). */
public interface ReservedDatasetNames {

    Set<String> reserved();
}
