package io.anneal.dataset;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface UploadedDatasetRepository extends JpaRepository<UploadedDataset, String> {

    List<UploadedDataset> findAllByOrderByNameAsc();

    /** How many datasets use a stored file, as either split. */
    @Query("select count(d) from UploadedDataset d where d.trainBlob = ?1 or d.testBlob = ?1")
    long countUsing(String blob);
}
