package io.anneal.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.anneal.web.Problems;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Lists and describes the datasets jobs may name: built in, in data folders, or uploaded. */
@RestController
class DatasetController {

    private final Datasets datasets;

    DatasetController(Datasets datasets) {
        this.datasets = datasets;
    }

    @GetMapping("/api/v1/datasets")
    List<DatasetResponse> list() {
        return datasets.list().stream().map(DatasetResponse::of).toList();
    }

    @GetMapping("/api/v1/datasets/{name}")
    DatasetResponse describe(@PathVariable String name) {
        return datasets.find(name).map(DatasetResponse::of).orElseThrow(() -> Problems.error(HttpStatus.NOT_FOUND,
                "dataset-not-found", "Dataset not found", "No dataset is named '" + name + "'."));
    }

    /**
     * A dataset on the wire; counts of a built-in dataset are null until it has been loaded once, and
     * only uploads have bytes, SHA-256, createdAt and feature names; {@code labels} are the class labels
     * in class-index order.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DatasetResponse(String name, String source, String location, boolean available, String format,
            String target, List<Integer> shape, int features, int classes, List<String> labels, List<String> featureNames,
            Integer trainExamples, Integer testExamples, Long bytes, String sha256, Instant createdAt,
            boolean standardized) {

        static DatasetResponse of(DatasetDescription dataset) {
            return new DatasetResponse(dataset.name(), dataset.source(), dataset.location(), dataset.available(),
                    dataset.format(), dataset.target(), dataset.shape(), dataset.features(), dataset.classes(), dataset.labels(),
                    dataset.featureNames(), dataset.trainExamples(), dataset.testExamples(), dataset.bytes(),
                    dataset.sha256(), dataset.createdAt(), dataset.standardized());
        }
    }
}
