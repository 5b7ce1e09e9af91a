package io.anneal.job;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/** Logs a submission once it is committed, so a rolled-back experiment never logs jobs that do not exist. */
@Component
class SubmissionLog {

    private static final Logger log = LoggerFactory.getLogger(SubmissionLog.class);

    @TransactionalEventListener
    void queued(JobSubmitted event) {
        log.info("Job {} '{}' queued", event.jobId(), event.name());
    }
}
