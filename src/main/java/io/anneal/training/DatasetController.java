package io.anneal.training;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Lists the datasets jobs may name. */
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

    /** A dataset on the wire; counts are null until it has been loaded once. */
    record DatasetResponse(String name, String source, String location, boolean available, int features,
            int classes, Integer trainExamples, Integer testExamples) {

        static DatasetResponse of(DatasetDescription dataset) {
            return new DatasetResponse(dataset.name(), dataset.source(), dataset.location(), dataset.available(),
                    dataset.features(), dataset.classes(), dataset.trainExamples(), dataset.testExamples());
        }
    }
}
