package io.anneal.training.internal.data;

import io.anneal.spec.FieldProblem;
import io.anneal.spec.RunSpec;
import io.anneal.spec.SpecCheck;
import io.anneal.training.DatasetDescription;
import io.anneal.training.DatasetUnavailableException;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Refuses a spec whose dataset is unknown or cannot be loaded, with the reason, at submission: a job
 * accepted on a dataset that then fails to load would only fail later, on a worker.
 */
@Component
class DatasetSpecCheck implements SpecCheck {

    private final DatasetCatalog catalog;

    DatasetSpecCheck(DatasetCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public List<FieldProblem> check(RunSpec spec) {
        String name = spec.dataset().name();
        if (SequenceTasks.isTaskName(name) && !SequenceTasks.isOffered(name)) {
            return List.of(new FieldProblem("dataset.name", SequenceTasks.refusal(name).orElseThrow()));
        }
        if (catalog.find(name).isEmpty()) {
            return List.of(new FieldProblem("dataset.name", "unknown dataset '" + name + "'; known: "
                    + catalog.list().stream().map(DatasetDescription::name).toList()));
        }
        String pinned = spec.dataset().sha256();
        Optional<String> current = pinned == null ? Optional.empty() : catalog.sha256(name);
        if (pinned != null && !current.equals(Optional.of(pinned))) {
            return List.of(new FieldProblem("dataset.sha256", current
                    .map(now -> "dataset '" + name + "' now has SHA-256 " + now + ", not " + pinned)
                    .orElse("dataset '" + name + "' has no recorded SHA-256 (only uploads do)")));
        }
        try {
            Dataset data = catalog.dataset(name);
            List<FieldProblem> network = NetworkFit.problems(spec.model(), data, spec.training());
            if (!network.isEmpty()) {
                return network;
            }
            if (spec.training() != null && spec.training().hasValidation() && spec.training().validationFraction() < 1) {
                return ValidationSplit.refusal(data, spec.training().validationFraction())
                        .map(reason -> List.of(new FieldProblem("training.validationFraction", reason)))
                        .orElse(List.of());
            }
            return List.of();
        } catch (DatasetUnavailableException e) {
            return List.of(new FieldProblem("dataset.name", e.getMessage()));
        }
    }
}
