package io.anneal.training.data;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Lists the datasets jobs may name. */
@RestController
class DatasetController {

    private final DatasetCatalog catalog;

    DatasetController(DatasetCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/api/v1/datasets")
    List<DatasetInfo> list() {
        return catalog.list();
    }
}
