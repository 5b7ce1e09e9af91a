package io.anneal.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.anneal.web.Problems;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code POST /api/v1/datasets} (multipart: {@code file}, optional {@code test}, and the options as
 * fields) and {@code DELETE /api/v1/datasets/{name}}. Listing and describing datasets, uploaded or
 * built in, is the training module's.
 */
@RestController
class DatasetUploadController {

    private final DatasetUploads uploads;

    DatasetUploadController(DatasetUploads uploads) {
        this.uploads = uploads;
    }

    @PostMapping(path = "/api/v1/datasets", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<StoredDatasetView> upload(@RequestParam(required = false) String name,
            @RequestParam(required = false) String format, @RequestParam(required = false) String label,
            @RequestParam(required = false) Double testFraction, @RequestParam(required = false) Long seed,
            @RequestParam(required = false) Boolean standardize, @RequestPart(required = false) MultipartFile file,
            @RequestPart(required = false) MultipartFile test) {
        DatasetUploads.Outcome outcome = uploads.upload(new DatasetUploads.Upload(name, format, label, testFraction,
                seed, standardize, file, test));
        StoredDatasetView view = StoredDatasetView.of(outcome.dataset());
        return outcome.created()
                ? ResponseEntity.created(URI.create("/api/v1/datasets/" + view.name())).body(view)
                : ResponseEntity.ok(view);
    }

    @DeleteMapping("/api/v1/datasets/{name}")
    ResponseEntity<Void> delete(@PathVariable String name) {
        uploads.delete(name);
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler
    ProblemDetail invalid(InvalidUploadException e) {
        return Problems.invalidFields(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-dataset", "Invalid dataset upload",
                List.of(new Problems.FieldError(e.field(), e.getMessage())));
    }

    @ExceptionHandler
    ProblemDetail conflict(DatasetConflictException e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "dataset-conflict", "Dataset conflict",
                e.getMessage());
        problem.setProperty("dataset", e.name());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail tooLarge(UploadTooLargeException e) {
        return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "too-large", "Upload too large", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail notFound(DatasetNotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "dataset-not-found", "Dataset not found", e.getMessage());
    }

    /** An uploaded dataset on the wire, as the upload answers it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StoredDatasetView(String name, String source, String format, List<Integer> shape, int classes,
            List<String> labels, List<String> featureNames, int trainExamples, int testExamples, long bytes,
            String sha256, java.time.Instant createdAt, boolean standardized) {

        static StoredDatasetView of(StoredDataset dataset) {
            return new StoredDatasetView(dataset.name(), "upload", dataset.format().wireName(), dataset.shape(),
                    dataset.classes().size(), dataset.classes(), dataset.featureNames(), dataset.trainRows(),
                    dataset.testRows(),
                    dataset.bytes(), dataset.sha256(), dataset.createdAt(), dataset.standardized());
        }
    }
}
