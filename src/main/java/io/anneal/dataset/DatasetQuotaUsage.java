package io.anneal.dataset;

import io.anneal.tenant.Quota;
import io.anneal.tenant.QuotaUsage;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The bytes a tenant's uploaded datasets hold. */
@Component
class DatasetQuotaUsage implements QuotaUsage {

    private final UploadedDatasetRepository datasets;

    DatasetQuotaUsage(UploadedDatasetRepository datasets) {
        this.datasets = datasets;
    }

    @Override
    public Map<Quota, Long> usage(String tenant) {
        return Map.of(Quota.UPLOAD_BYTES, datasets.sumBytes(tenant));
    }
}
