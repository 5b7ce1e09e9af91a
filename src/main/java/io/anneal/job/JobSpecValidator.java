package io.anneal.job;

import io.anneal.spec.ClippingSpec;
import io.anneal.spec.ClippingType;
import io.anneal.spec.ConvBlock;
import io.anneal.spec.FieldProblem;
import io.anneal.spec.InitSpec;
import io.anneal.spec.InitType;
import io.anneal.spec.JobSpec;
import io.anneal.spec.LoopSpec;
import io.anneal.spec.NetworkSpec;
import io.anneal.spec.NetworkType;
import io.anneal.spec.NoiseSpec;
import io.anneal.spec.OptimizerSpec;
import io.anneal.spec.OptimizerType;
import io.anneal.spec.SpecCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Checks a spec (with defaults filled in) against the rules and the configured {@link JobLimits}, and
 * asks every {@link SpecCheck} of the other modules (e.g. whether the dataset loads); one answer names
 * every problem.
 */
@Component
class JobSpecValidator {

    private final JobLimits limits;
    private final List<SpecCheck> checks;

    JobSpecValidator(JobLimits limits, List<SpecCheck> checks) {
        this.limits = limits;
        this.checks = checks;
    }

    /** @throws InvalidJobSpecException naming every invalid field */
    void check(JobSpec spec) {
        Problems problems = new Problems();
        if (spec.name().length() > 200) {
            problems.add("name", "must be at most 200 characters");
        }
        checkDataset(spec, problems);
        checkModel(spec.model(), problems);
        checkOptimizer(spec.optimizer(), problems);
        checkNoise(spec.gradientNoise(), problems);
        checkLoop(spec.training(), problems);
        problems.range("priority", spec.priority(), -1000, 1000);
        problems.throwIfAny();
    }

    private void checkDataset(JobSpec spec, Problems problems) {
        if (spec.dataset() == null || spec.dataset().name() == null || spec.dataset().name().isBlank()) {
            problems.add("dataset.name", "is required");
            return;
        }
        NetworkSpec model = spec.model();
        if (model != null && model.type() == NetworkType.DL4J && (model.configuration() == null
                || model.configuration().toString().length() > limits.maxConfigurationChars())) {
            return; // a configuration refused on its own (missing, too long) is not built; checkModel says why
        }
        checks.forEach(check -> problems.found.addAll(check.check(spec.toRunSpec())));
    }

    private void checkModel(NetworkSpec model, Problems problems) {
        if (model == null) {
            problems.add("model", "is required");
            return;
        }
        if (model.type() == NetworkType.DL4J) {
            checkConfiguration(model, problems);
            return;
        }
        if (model.configuration() != null) {
            problems.add("model.configuration", "applies only to model type 'dl4j'");
        }
        problems.range("model.hiddenLayers", model.hiddenLayers(), model.type() == NetworkType.RNN ? 1 : 0,
                limits.maxHiddenLayers());
        checkConvolutions(model, problems);
        if (model.type() != NetworkType.RNN && model.cell() != null) {
            problems.add("model.cell", "applies only to model type 'rnn'");
        }
        problems.range("model.hiddenUnits", model.hiddenUnits(), 1, limits.maxHiddenUnits());
        InitSpec init = model.init();
        if (init.type() == InitType.NORMAL) {
            problems.positive("model.init.std", init.std(), 100);
        } else if (init.std() != null) {
            problems.add("model.init.std", "applies only to init type 'normal'");
        }
    }

    /** A DL4J configuration: an object of bounded size, and no field of the built-in network types beside it. */
    private void checkConfiguration(NetworkSpec model, Problems problems) {
        if (model.configuration() == null || !model.configuration().isObject()) {
            problems.add("model.configuration", "is required for model type 'dl4j': a MultiLayerConfiguration as "
                    + "the JSON object its toJson() writes");
        } else if (model.configuration().toString().length() > limits.maxConfigurationChars()) {
            problems.add("model.configuration", "is " + model.configuration().toString().length()
                    + " characters of JSON; at most " + limits.maxConfigurationChars());
        }
        Map<String, Object> builtIn = new LinkedHashMap<>();
        builtIn.put("model.hiddenLayers", model.hiddenLayers());
        builtIn.put("model.hiddenUnits", model.hiddenUnits());
        builtIn.put("model.activation", model.activation());
        builtIn.put("model.init", model.init());
        builtIn.put("model.convolutions", model.convolutions());
        builtIn.put("model.cell", model.cell());
        builtIn.forEach((field, value) -> {
            if (value != null) {
                problems.add(field, "does not apply to model type 'dl4j': its configuration carries the layers");
            }
        });
    }

    private static void checkConvolutions(NetworkSpec model, Problems problems) {
        if (model.type() != NetworkType.CNN) {
            if (model.convolutions() != null) {
                problems.add("model.convolutions", "applies only to model type 'cnn'");
            }
            return;
        }
        if (model.convolutions().isEmpty() || model.convolutions().size() > 10) {
            problems.add("model.convolutions", "must hold 1 to 10 blocks");
        }
        for (int i = 0; i < model.convolutions().size(); i++) {
            ConvBlock block = model.convolutions().get(i);
            String at = "model.convolutions[" + i + "]";
            if (block == null) {
                problems.add(at, "is null");
                continue;
            }
            problems.range(at + ".filters", block.filters(), 1, 1024);
            problems.range(at + ".kernel", block.kernel(), 1, 15);
            problems.range(at + ".stride", block.stride(), 1, 5);
            problems.range(at + ".pool", block.pool(), 1, 8);
        }
    }

    private void checkOptimizer(OptimizerSpec optimizer, Problems problems) {
        if (optimizer.type() == OptimizerType.ADADELTA) {
            if (optimizer.learningRate() != null) {
                problems.add("optimizer.learningRate", "adadelta has no learning rate");
            }
        } else {
            problems.positive("optimizer.learningRate", optimizer.learningRate(), 100);
        }
        if (optimizer.momentum() != null) {
            if (optimizer.type() != OptimizerType.NESTEROVS) {
                problems.add("optimizer.momentum", "applies only to optimizer type 'nesterovs'");
            } else if (!(optimizer.momentum() >= 0 && optimizer.momentum() < 1)) {
                problems.add("optimizer.momentum", "must be in [0, 1)");
            }
        }
        ClippingSpec clipping = optimizer.gradientClipping();
        if (clipping.type() != ClippingType.NONE) {
            problems.positive("optimizer.gradientClipping.threshold", clipping.threshold(), 1e9);
        } else if (clipping.threshold() != null) {
            problems.add("optimizer.gradientClipping.threshold", "applies only when clipping is not 'none'");
        }
    }

    private void checkNoise(NoiseSpec noise, Problems problems) {
        if (noise == null) {
            return;
        }
        if (noise.eta() == null) {
            problems.add("gradientNoise.eta", "is required when gradientNoise is given (use null for no noise)");
        } else {
            problems.positive("gradientNoise.eta", noise.eta(), 1e6);
        }
        if (!(noise.gamma() >= 0 && noise.gamma() <= 10)) {
            problems.add("gradientNoise.gamma", "must be in [0, 10]");
        }
        if (noise.stopAfterStep() != null && noise.stopAfterStep() < 0) {
            problems.add("gradientNoise.stopAfterStep", "must be >= 0");
        }
    }

    private void checkLoop(LoopSpec loop, Problems problems) {
        problems.range("training.epochs", loop.epochs(), 1, limits.maxEpochs());
        problems.range("training.batchSize", loop.batchSize(), 1, limits.maxBatchSize());
        if (loop.maxSteps() != null && (loop.maxSteps() < 1 || loop.maxSteps() > limits.maxSteps())) {
            problems.add("training.maxSteps", "must be between 1 and " + limits.maxSteps());
        }
        Double fraction = loop.validationFraction();
        if (fraction != null && !(fraction > 0 && fraction <= 0.5)) {
            problems.add("training.validationFraction", "must be > 0 and <= 0.5, was " + fraction);
        }
        if (loop.keepsBest() && !loop.hasValidation()) {
            problems.add("training.keepBest", "needs a validation split (training.validationFraction): the best "
                    + "model is chosen on held-out training rows, never on the test split");
        }
    }

    /** Collects problems so one response names all of them. */
    private static final class Problems {
        private final List<FieldProblem> found = new ArrayList<>();

        void add(String field, String message) {
            found.add(new FieldProblem(field, message));
        }

        void range(String field, Integer value, int min, int max) {
            if (value != null && (value < min || value > max)) {
                add(field, "must be between " + min + " and " + max + ", was " + value);
            }
        }

        void positive(String field, Double value, double max) {
            if (value == null) {
                add(field, "is required");
            } else if (!(value > 0 && value <= max)) {
                add(field, "must be > 0 and <= " + max + ", was " + value);
            }
        }

        void throwIfAny() {
            if (!found.isEmpty()) {
                throw new InvalidJobSpecException(found);
            }
        }
    }
}
