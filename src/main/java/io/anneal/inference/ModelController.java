package io.anneal.inference;

import io.anneal.artifact.ModelRef;
import io.anneal.job.JobService;
import io.anneal.training.DatasetUnavailableException;
import io.anneal.training.ModelInputException;
import io.anneal.training.ModelUnreadableException;
import io.anneal.training.TrainedNetworks;
import io.anneal.web.Problems;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/** Download, predict with and evaluate the model of a succeeded job. */
@RestController
class ModelController {

    private static final Logger log = LoggerFactory.getLogger(ModelController.class);
    private final JobService jobs;
    private final TrainedNetworks networks;
    private final InferenceProperties properties;

    ModelController(JobService jobs, TrainedNetworks networks, InferenceProperties properties) {
        this.jobs = jobs;
        this.networks = networks;
        this.properties = properties;
    }

    /** The ModelSerializer zip; {@code ETag} is its SHA-256, so unchanged downloads answer 304. */
    @GetMapping("/api/v1/jobs/{id}/model")
    ResponseEntity<Resource> download(@PathVariable UUID id,
            @RequestParam(name = "model", defaultValue = "final") String which, WebRequest request) throws IOException {
        ModelRef model = model(id, which);
        String etag = "\"" + model.sha256() + "\"";
        if (request.checkNotModified(etag)) {
            return null;
        }
        return ResponseEntity.ok()
                .eTag(etag)
                // a cache may keep it for this caller and ask again with If-None-Match (a key may be revoked)
                .cacheControl(org.springframework.http.CacheControl.noCache().cachePrivate())
                .contentType(MediaType.parseMediaType("application/zip"))
                .contentLength(model.bytes())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("anneal-" + id + (which.equals("best") ? "-best" : "") + ".zip").build().toString())
                .body(new InputStreamResource(networks.open(model)));
    }

    @PostMapping("/api/v1/jobs/{id}/predictions")
    PredictionResponse predict(@PathVariable UUID id,
            @RequestParam(name = "model", defaultValue = "final") String which,
            @RequestBody PredictionRequest request) {
        ModelRef model = model(id, which);
        return PredictionResponse.of(networks.predict(model, rows(model, request)));
    }

    @PostMapping("/api/v1/jobs/{id}/evaluations")
    EvaluationResponse evaluate(@PathVariable UUID id,
            @RequestParam(name = "model", defaultValue = "final") String which,
            @RequestBody EvaluationRequest request) {
        ModelRef model = model(id, which);
        String split = request.split() == null ? "test" : request.split();
        if (!split.equals("test") && !split.equals("train")) {
            throw new ModelInputException("split", "must be 'test' or 'train'");
        }
        if (request.dataset() == null || request.dataset().name() == null || request.dataset().name().isBlank()) {
            throw new ModelInputException("dataset", "is required: the name of a dataset to evaluate on");
        }
        return EvaluationResponse.of(networks.evaluate(model, request.dataset().name(),
                split.equals("test") ? TrainedNetworks.Split.TEST : TrainedNetworks.Split.TRAIN));
    }

    /** The final model, or the best one the job kept on its validation split. */
    private ModelRef model(UUID id, String which) {
        return switch (which) {
            case "final" -> jobs.model(id);
            case "best" -> jobs.bestModel(id);
            default -> throw new ErrorResponseException(HttpStatus.BAD_REQUEST, Problems.invalidFields(
                    HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", List.of(new Problems.FieldError(
                            "model", "must be 'final' (the network at the end of training) or 'best' (the one that "
                            + "scored best on the validation split), was '" + which + "'"))), null);
        };
    }

    @ExceptionHandler
    ProblemDetail unusableInput(ModelInputException e) {
        return Problems.invalidFields(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-model-input",
                "Invalid input for the model", List.of(new Problems.FieldError(e.field(), e.getMessage())));
    }

    /** A model the job recorded but this replica cannot read: the storage is not shared, or it failed. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> unreadableModel(ModelUnreadableException e) {
        log.error("A recorded model cannot be read: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE,
                "model-unavailable", "Model unavailable", "The server that answered cannot read this job's model "
                        + "from its artifact storage (the file is missing there, or the storage failed). Every "
                        + "server of this service must share one artifact storage; the service log says which file."));
    }

    @ExceptionHandler
    ProblemDetail unavailableDataset(DatasetUnavailableException e) {
        return Problems.invalidFields(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-model-input",
                "Invalid input for the model", List.of(new Problems.FieldError("dataset", e.getMessage())));
    }

    private float[][] rows(ModelRef model, PredictionRequest request) {
        boolean hasInstances = request.instances() != null && !request.instances().isEmpty();
        boolean hasImages = request.images() != null && !request.images().isEmpty();
        boolean hasSequences = request.sequences() != null && !request.sequences().isEmpty();
        if ((hasInstances ? 1 : 0) + (hasImages ? 1 : 0) + (hasSequences ? 1 : 0) != 1) {
            throw new ModelInputException("instances", "give exactly one of 'instances', 'images' or 'sequences'");
        }
        String field = hasInstances ? "instances" : hasImages ? "images" : "sequences";
        int count = hasInstances ? request.instances().size() : hasImages ? request.images().size()
                : request.sequences().size();
        if (count > properties.maxPredictionBatch()) {
            throw new ModelInputException(field, "holds " + count + " entries; at most "
                    + properties.maxPredictionBatch() + " per request");
        }
        if (hasSequences) {
            return sequences(request.sequences(), networks.inputShape(model));
        }
        List<float[]> rows = hasInstances ? instances(request) : new ArrayList<>(count);
        for (int i = 0; !hasInstances && i < count; i++) {
            rows.add(PngDigits.decode(request.images().get(i), i));
        }
        return rows.toArray(float[][]::new);
    }

    /** Sequences flattened time-major, each checked against the model's steps and features per step. */
    private static float[][] sequences(List<List<float[]>> sequences, List<Integer> shape) {
        if (shape.size() != 2) {
            throw new ModelInputException("sequences", "this model takes " + (shape.size() == 3 ? "images" : "rows")
                    + " of shape " + shape + ", not sequences: send 'instances'");
        }
        int steps = shape.get(0);
        int features = shape.get(1);
        float[][] rows = new float[sequences.size()][];
        for (int i = 0; i < sequences.size(); i++) {
            List<float[]> sequence = sequences.get(i);
            if (sequence == null || sequence.size() != steps) {
                throw new ModelInputException("sequences[" + i + "]", (sequence == null ? "is null"
                        : "has " + sequence.size() + " steps") + "; the model expects " + steps + " steps of "
                        + features + " features");
            }
            rows[i] = new float[steps * features];
            for (int t = 0; t < steps; t++) {
                float[] step = sequence.get(t);
                if (step == null || step.length != features) {
                    throw new ModelInputException("sequences[" + i + "][" + t + "]", (step == null ? "is null"
                            : "has " + step.length + " features") + "; the model expects " + features + " per step");
                }
                System.arraycopy(step, 0, rows[i], t * features, features);
            }
        }
        return rows;
    }

    private static List<float[]> instances(PredictionRequest request) {
        for (int i = 0; i < request.instances().size(); i++) {
            if (request.instances().get(i) == null) {
                throw new ModelInputException("instances[" + i + "]", "is null");
            }
        }
        return request.instances();
    }
}
