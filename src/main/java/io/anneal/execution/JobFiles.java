package io.anneal.execution;

import io.anneal.job.JobDeleted;
import io.anneal.training.TrainingEngine;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/** Removes the model and checkpoints of a deleted job once its deletion is committed. */
@Component
class JobFiles {

    private static final Logger log = LoggerFactory.getLogger(JobFiles.class);
    private final TrainingEngine engine;

    JobFiles(TrainingEngine engine) {
        this.engine = engine;
    }

    @TransactionalEventListener
    void deleted(JobDeleted event) {
        try {
            engine.discardAll(event.jobId().toString());
        } catch (UncheckedIOException e) {
            log.warn("Job {} is deleted but some of its files are not: {}", event.jobId(), e.getMessage());
        }
    }
}
