package io.anneal.dataset;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import io.anneal.tenant.CurrentTenant;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the current tenant's uploaded datasets' descriptions and stored splits; changing them is
 * {@link DatasetUploads}'.
 */
@Component
class StoredDatasets implements UploadedDatasets {

    private final UploadedDatasetRepository datasets;
    private final DatasetBlobs blobs;
    private final JsonMapper json;
    private final CurrentTenant tenant;

    StoredDatasets(UploadedDatasetRepository datasets, DatasetBlobs blobs, JsonMapper json, CurrentTenant tenant) {
        this.tenant = tenant;
        this.datasets = datasets;
        this.blobs = blobs;
        this.json = json;
    }

    @Override
    public List<StoredDataset> list() {
        return datasets.findAllByOwnerOrderByNameAsc(tenant.id()).stream().map(this::stored).toList();
    }

    /** The upload of that name; none for a name no upload can have (never a query with such text). */
    @Override
    public Optional<StoredDataset> find(String name) {
        if (name == null || !DatasetUploads.isUploadName(name)) {
            return Optional.empty();
        }
        return datasets.find(tenant.id(), name).map(this::stored);
    }

    @Override
    public SplitFile.Reader open(StoredDataset dataset, boolean test) throws IOException {
        return new SplitFile.Reader(blobs.open(test ? dataset.testBlob() : dataset.trainBlob()));
    }

    private StoredDataset stored(UploadedDataset row) {
        return json.readValue(row.description(), StoredDataset.class);
    }
}
