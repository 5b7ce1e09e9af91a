package io.anneal.execution;

import io.anneal.job.ClaimedJob;
import io.anneal.job.JobQueue;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Claims the next queued job for this replica, whose name goes into the job's attempt history. */
@Component
class Claims {

    private final JobQueue queue;
    private final Replica replica;

    Claims(JobQueue queue, Replica replica) {
        this.queue = queue;
        this.replica = replica;
    }

    Optional<ClaimedJob> next() {
        return queue.claimNext(replica.name());
    }
}
