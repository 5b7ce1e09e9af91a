package io.anneal.training.internal;

import io.anneal.spec.JobSpec;
import io.anneal.spec.LoopSpec;
import io.anneal.spec.StepPlanner;
import io.anneal.training.internal.data.DatasetCatalog;
import org.springframework.stereotype.Component;

/**
 * Updates a spec plans: its {@code maxSteps}, or its epochs over the training rows left after the
 * validation split, whichever ends first. Asked after validation, so the dataset is loaded already.
 */
@Component
class PlannedUpdates implements StepPlanner {

    private final DatasetCatalog catalog;

    PlannedUpdates(DatasetCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public long plannedSteps(JobSpec spec) {
        LoopSpec loop = spec.training();
        if (loop.epochs() == null) {
            return loop.maxSteps();
        }
        int rows = catalog.dataset(spec.dataset().name()).trainExamples();
        int training = loop.hasValidation() ? rows - (int) Math.round(rows * loop.validationFraction()) : rows;
        return Trainer.totalSteps(loop, Math.max(1, training));
    }
}
