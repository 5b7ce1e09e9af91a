package io.anneal.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.anneal.spec.DatasetRef;
import io.anneal.spec.JobSpec;
import io.anneal.spec.LoopSpec;
import io.anneal.spec.NetworkSpec;
import io.anneal.support.TestKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/** The claim order between tenants: no workers run here, the test claims itself. */
@SpringBootTest(properties = "anneal.workers=0")
@ActiveProfiles("test")
class FairSchedulingTests {

    @Autowired
    JobQueue queue;

    @Autowired
    JobService jobs;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    private final String busy = "busy-" + UUID.randomUUID().toString().substring(0, 8);
    private final String quiet = "quiet-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void twoTenantsAndAnEmptyQueue() {
        jdbc.update("DELETE FROM training_job");
        for (String tenant : List.of(busy, quiet)) {
            jdbc.update("INSERT INTO tenant (id, name, created_at) VALUES (?, ?, now())", tenant, tenant);
        }
    }

    @AfterEach
    void actAsNobody() {
        TestKeys.actAsNobody();
    }

    @Test
    void aTenantsOneJobStartsAmongTheNextTwoClaimsAfterAnotherQueuedTwoHundred() {
        TestKeys.actAs(busy);
        List<JobView> many = jobs.submitAll(IntStream.range(0, 200).mapToObj(i -> spec("many " + i, 0)).toList());
        TestKeys.actAs(quiet);
        UUID one = jobs.submit(spec("one", 0)).id();
        List<UUID> claimed = new ArrayList<>();
        claimed.add(queue.claimNext("test").orElseThrow().lease().jobId());
        claimed.add(queue.claimNext("test").orElseThrow().lease().jobId());
        assertThat(claimed).contains(one);
        assertThat(claimed).containsAnyElementsOf(many.stream().map(JobView::id).toList());
    }

    @Test
    void withinATenantPriorityStillComesFirst() {
        TestKeys.actAs(busy);
        jobs.submit(spec("low", 0));
        UUID urgent = jobs.submit(spec("urgent", 5)).id();
        assertThat(queue.claimNext("test").orElseThrow().lease().jobId()).isEqualTo(urgent);
    }

    @Test
    void aTenantAtItsRunningQuotaWaitsWhileOthersRun() {
        jdbc.update("UPDATE tenant SET max_running_jobs = 1 WHERE id = ?", busy);
        TestKeys.actAs(busy);
        jobs.submitAll(List.of(spec("first", 0), spec("second", 0)));
        assertThat(queue.claimNext("test")).isPresent();
        assertThat(queue.claimNext("test")).as("busy runs its one job already").isEmpty();
        TestKeys.actAs(quiet);
        UUID other = jobs.submit(spec("other", 0)).id();
        Optional<ClaimedJob> next = queue.claimNext("test");
        assertThat(next).isPresent();
        assertThat(next.get().lease().jobId()).isEqualTo(other);
        assertThat(next.get().owner()).isEqualTo(quiet);
    }

    @Test
    void claimsWhoseTransactionsOverlapNeverTakeATenantPastItsRunningQuota() throws Exception {
        // each claim holds its transaction open a while, so the others cannot see what it started
        org.springframework.transaction.support.TransactionTemplate open =
                new org.springframework.transaction.support.TransactionTemplate(transactions);
        for (int[] setting : new int[][] {{10, 0}, {10, 5}, {12, 3}, {40, 0}}) {
            int limit = setting[0];
            jdbc.update("DELETE FROM training_job");
            jdbc.update("UPDATE tenant SET max_running_jobs = ? WHERE id = ?", limit, busy);
            TestKeys.actAs(busy);
            List<JobSpec> specs = new java.util.ArrayList<>();
            for (int i = 0; i < limit + 20; i++) {
                specs.add(spec("racing-" + i, 0));
            }
            jobs.submitAll(specs);
            for (int i = 0; i < setting[1]; i++) {
                assertThat(queue.claimNext("before")).isPresent();
            }
            java.util.concurrent.ExecutorService claimers = java.util.concurrent.Executors.newFixedThreadPool(16);
            java.util.concurrent.atomic.AtomicInteger claimed = new java.util.concurrent.atomic.AtomicInteger();
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 16; t++) {
                done.add(claimers.submit(() -> open.executeWithoutResult(status -> {
                    if (queue.claimNext("racer").isPresent()) {
                        claimed.incrementAndGet();
                    }
                    try {
                        Thread.sleep(150);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })));
            }
            for (java.util.concurrent.Future<?> future : done) {
                future.get();
            }
            claimers.shutdown();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM training_job WHERE owner = ? AND status = 'RUNNING'",
                    Integer.class, busy)).as("running with a quota of %d, %d running before", limit, setting[1])
                    .isLessThanOrEqualTo(limit).isEqualTo(setting[1] + claimed.get());
            assertThat(setting[1] + claimed.get()).as("the racing claims used the free slots").isGreaterThanOrEqualTo(
                    Math.min(limit, setting[1] + 8));
        }
    }

    private static JobSpec spec(String name, int priority) {
        return new JobSpec(name, new DatasetRef("synthetic"), new NetworkSpec(null, 1, 8, null, null), null, null,
                new LoopSpec(null, 10L, 50, 1L), priority);
    }
}
