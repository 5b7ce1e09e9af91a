package io.anneal.model;

import io.anneal.job.JobService;
import io.anneal.training.data.DatasetCatalog;
import io.anneal.training.data.DatasetUnavailableException;
import io.anneal.training.model.ArtifactProperties;
import io.anneal.training.model.EvaluationReport;
import io.anneal.training.model.ModelInputException;
import io.anneal.training.model.SavedModel;
import io.anneal.training.model.TrainedModels;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/** Download, predict with and evaluate the model of a succeeded job. */
@RestController
class ModelController {

    private final JobService jobs;
    private final TrainedModels models;
    private final DatasetCatalog datasets;
    private final ArtifactProperties properties;

    ModelController(JobService jobs, TrainedModels models, DatasetCatalog datasets, ArtifactProperties properties) {
        this.jobs = jobs;
        this.models = models;
        this.datasets = datasets;
        this.properties = properties;
    }

    /** The ModelSerializer zip; {@code ETag} is its SHA-256, so unchanged downloads answer 304. */
    @GetMapping("/api/v1/jobs/{id}/model")
    ResponseEntity<Resource> download(@PathVariable UUID id, WebRequest request) {
        SavedModel model = jobs.model(id);
        String etag = "\"" + model.sha256() + "\"";
        if (request.checkNotModified(etag)) {
            return null;
        }
        return ResponseEntity.ok()
                .eTag(etag)
                .contentType(MediaType.parseMediaType("application/zip"))
                .contentLength(model.bytes())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("anneal-" + id + ".zip").build().toString())
                .body(new FileSystemResource(Path.of(model.path())));
    }

    @PostMapping("/api/v1/jobs/{id}/predictions")
    PredictionResponse predict(@PathVariable UUID id, @RequestBody PredictionRequest request) {
        SavedModel model = jobs.model(id);
        return new PredictionResponse(models.predict(model, rows(request)));
    }

    @PostMapping("/api/v1/jobs/{id}/evaluations")
    EvaluationReport evaluate(@PathVariable UUID id, @RequestBody EvaluationRequest request) {
        SavedModel model = jobs.model(id);
        String split = request.split() == null ? "test" : request.split();
        if (!split.equals("test") && !split.equals("train")) {
            throw new ModelInputException("split", "must be 'test' or 'train'");
        }
        if (request.dataset() == null || datasets.find(request.dataset()).isEmpty()) {
            throw new ModelInputException("dataset", "unknown dataset '" + request.dataset() + "'");
        }
        return models.evaluate(model, datasets.load(request.dataset()), split);
    }

    @ExceptionHandler(ModelInputException.class)
    ProblemDetail unusableInput(ModelInputException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                e.field() + ": " + e.getMessage());
        problem.setType(URI.create("https://anneal.dev/problems/invalid-model-input"));
        problem.setTitle("Input does not fit the model");
        problem.setProperty("errors", List.of(Map.of("field", e.field(), "message", e.getMessage())));
        return problem;
    }

    @ExceptionHandler(DatasetUnavailableException.class)
    ProblemDetail unavailableDataset(DatasetUnavailableException e) {
        return unusableInput(new ModelInputException("dataset", e.getMessage()));
    }

    private List<float[]> rowsOf(PredictionRequest request) {
        boolean hasInstances = request.instances() != null && !request.instances().isEmpty();
        boolean hasImages = request.images() != null && !request.images().isEmpty();
        if (hasInstances == hasImages) {
            throw new ModelInputException("instances", "give either 'instances' or 'images', not both or neither");
        }
        int count = hasInstances ? request.instances().size() : request.images().size();
        if (count > properties.maxPredictionBatch()) {
            throw new ModelInputException(hasInstances ? "instances" : "images", "holds " + count
                    + " entries; at most " + properties.maxPredictionBatch() + " per request");
        }
        if (hasInstances) {
            for (int i = 0; i < request.instances().size(); i++) {
                if (request.instances().get(i) == null) {
                    throw new ModelInputException("instances[" + i + "]", "is null");
                }
            }
            return request.instances();
        }
        List<float[]> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(PngDigits.decode(request.images().get(i), i));
        }
        return rows;
    }

    private float[][] rows(PredictionRequest request) {
        return rowsOf(request).toArray(float[][]::new);
    }
}
