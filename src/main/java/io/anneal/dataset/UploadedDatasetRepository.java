package io.anneal.dataset;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface UploadedDatasetRepository extends JpaRepository<UploadedDataset, UploadedDataset.Key> {

    List<UploadedDataset> findAllByOwnerOrderByNameAsc(String owner);

    default Optional<UploadedDataset> find(String owner, String name) {
        return findById(new UploadedDataset.Key(owner, name));
    }

    /** How many datasets, of any tenant, use a stored file as either split. */
    @Query("select count(d) from UploadedDataset d where d.trainBlob = ?1 or d.testBlob = ?1")
    long countUsing(String blob);

    /** Bytes uploaded by the tenant's datasets together. */
    @Query("select coalesce(sum(d.bytes), 0) from UploadedDataset d where d.owner = ?1")
    long sumBytes(String owner);
}
