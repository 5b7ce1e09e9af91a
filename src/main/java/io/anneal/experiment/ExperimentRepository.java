package io.anneal.experiment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ExperimentRepository extends JpaRepository<Experiment, UUID> {

    Optional<Experiment> findByIdAndOwner(UUID id, String owner);

    /** Newest first, after the keyset ({@code createdAt}, {@code id}) of the previous page. */
    @Query("""
            select e from Experiment e where e.owner = :owner
              and (e.createdAt < :createdAt or (e.createdAt = :createdAt and e.id < :id))
            order by e.createdAt desc, e.id desc""")
    List<Experiment> pageAfter(@Param("owner") String owner, @Param("createdAt") Instant createdAt,
            @Param("id") UUID id, Limit limit);
}
