package io.anneal.dataset;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** What an upload holds: a CSV with a header row and a label column, or the four MNIST IDX files in a zip. */
public enum DatasetFormat {
    CSV("csv"), IDX_ZIP("idx-zip");

    private final String wireName;

    DatasetFormat(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Optional<DatasetFormat> fromWireName(String name) {
        return Arrays.stream(values()).filter(format -> format.wireName.equals(name)).findFirst();
    }
}
