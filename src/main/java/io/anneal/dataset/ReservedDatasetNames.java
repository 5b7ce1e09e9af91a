package io.anneal.dataset;

/**
 * Names an upload may not take because another source of datasets offers them (built-in ones, generated
 * tasks, folders).
 */
public interface ReservedDatasetNames {

    boolean isReserved(String name);
}
