package io.anneal.dataset;

import io.anneal.artifact.Sha256;
import io.anneal.job.JobService;
import io.anneal.tenant.CurrentTenant;
import io.anneal.tenant.Limits;
import io.anneal.tenant.Quota;
import io.anneal.tenant.QuotaExceededException;
import io.anneal.tenant.Quotas;
import io.anneal.web.InputLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploads, describes and deletes datasets. An upload is staged, checked and converted completely
 * before its row is written; anything that goes wrong deletes what was staged, so a refused upload
 * leaves nothing behind. The same name with the same content and options is the same upload.
 */
@Service
class DatasetUploads {

    private static final Logger log = LoggerFactory.getLogger(DatasetUploads.class);
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";
    private final StoredDatasets stored;
    private final UploadedDatasetRepository datasets;
    private final DatasetBlobs blobs;
    private final DatasetProperties properties;
    private final InputLimits limits;
    /** Looked up when needed: the catalog that reserves names also reads uploads. */
    private final ObjectProvider<ReservedDatasetNames> reserved;
    private final JobService jobs;
    private final JsonMapper json;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final CurrentTenant tenant;
    private final Quotas quotas;

    DatasetUploads(StoredDatasets stored, UploadedDatasetRepository datasets, DatasetBlobs blobs,
            DatasetProperties properties, InputLimits limits,
            ObjectProvider<ReservedDatasetNames> reserved, JobService jobs, JsonMapper json, TransactionTemplate transactions,
            ApplicationEventPublisher events, JdbcTemplate jdbc, Clock clock, CurrentTenant tenant, Quotas quotas) {
        this.tenant = tenant;
        this.quotas = quotas;
        this.stored = stored;
        this.datasets = datasets;
        this.blobs = blobs;
        this.properties = properties;
        this.limits = limits;
        this.reserved = reserved;
        this.jobs = jobs;
        this.json = json;
        this.transactions = transactions;
        this.events = events;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** What a request uploads: its files and options as sent (nulls where absent). */
    record Upload(String name, String format, String label, Double testFraction, Long seed, Boolean standardize,
            MultipartFile file, MultipartFile test) {
    }

    /** The stored dataset, and whether this request created it (false: an identical earlier upload). */
    record Outcome(StoredDataset dataset, boolean created) {
    }

    Outcome upload(Upload upload) {
        DatasetFormat format = check(upload);
        Path staging = null;
        try {
            staging = blobs.stage();
            Path file = staging.resolve("upload");
            upload.file().transferTo(file);
            Path test = null;
            if (upload.test() != null) {
                test = staging.resolve("upload-test");
                upload.test().transferTo(test);
            }
            String sha256 = Sha256.of(file);
            StoredDataset.UploadOptions options = new StoredDataset.UploadOptions(
                    format == DatasetFormat.CSV ? upload.label() : null,
                    format == DatasetFormat.CSV && test == null ? fractionOf(upload) : null,
                    format == DatasetFormat.CSV && test == null ? seedOf(upload) : null,
                    Boolean.TRUE.equals(upload.standardize()), test == null ? null : Sha256.of(test));
            Optional<StoredDataset> earlier = find(upload.name());
            if (earlier.isPresent()) {
                return new Outcome(same(earlier.get(), format, sha256, options), false);
            }
            long bytes = Files.size(file) + (test == null ? 0 : Files.size(test));
            String owner = tenant.id(); // refused before the work of converting; checked again when stored
            QuotaExceededException.check(owner, Quota.UPLOAD_BYTES, quotas.of(owner).maxUploadBytes(),
                    datasets.sumBytes(owner), bytes);
            StoredDataset stored = convert(upload.name(), format, file, test, staging, sha256, bytes, options);
            try {
                return new Outcome(save(stored, sha256, staging), true);
            } catch (DatasetConflictException e) {
                return new Outcome(same(find(upload.name()).orElseThrow(() -> e), format, sha256, options), false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the upload of dataset " + upload.name(), e);
        } finally {
            try {
                blobs.discard(staging);
            } catch (UncheckedIOException e) {
                log.warn("Dataset {}: staging folder {} stays: {}", upload.name(), staging, e.getMessage());
            }
        }
    }

    /** Whether an upload may be named so: 1-100 letters, digits, '.', '_' or '-', no "..". */
    static boolean isUploadName(String name) {
        return name.matches(NAME) && !name.contains("..");
    }

    private DatasetFormat check(Upload upload) {
        if (upload.name() == null || !isUploadName(upload.name())) {
            throw new InvalidUploadException("name", "must be 1-100 letters, digits, '.', '_' or '-', starting with a "
                    + "letter or digit");
        }
        boolean taken = reserved.stream().anyMatch(names -> names.isReserved(upload.name()));
        if (taken) {
            throw new InvalidUploadException("name", "'" + upload.name() + "' is the name of a built-in dataset");
        }
        if (upload.file() == null || upload.file().isEmpty()) {
            throw new InvalidUploadException("file", "is required and may not be empty");
        }
        long bytes = upload.file().getSize() + (upload.test() == null ? 0 : upload.test().getSize());
        if (bytes > limits.maxUploadBytes().toBytes()) {
            throw new UploadTooLargeException(bytes, limits.maxUploadBytes().toBytes());
        }
        String original = upload.file().getOriginalFilename() == null ? "" : upload.file().getOriginalFilename();
        DatasetFormat format = upload.format() != null ? DatasetFormat.fromWireName(upload.format())
                .orElseThrow(() -> new InvalidUploadException("format", "must be 'csv' or 'idx-zip', was '"
                        + upload.format() + "'"))
                : original.toLowerCase().endsWith(".zip") ? DatasetFormat.IDX_ZIP : DatasetFormat.CSV;
        if (format == DatasetFormat.CSV) {
            if (upload.label() == null || upload.label().isBlank()) {
                throw new InvalidUploadException("label", "is required for a CSV: the name of its label column");
            }
            if (upload.test() != null && upload.testFraction() != null) {
                throw new InvalidUploadException("testFraction", "give a test file or a test fraction, not both");
            }
            if (upload.test() != null && upload.seed() != null) {
                throw new InvalidUploadException("seed", "chooses the test rows of a single file; with a test file "
                        + "there is nothing to choose");
            }
            double fraction = fractionOf(upload);
            if (!(fraction > 0 && fraction < 1)) {
                throw new InvalidUploadException("testFraction", "must be > 0 and < 1, was " + fraction);
            }
            if (upload.test() != null && upload.test().isEmpty()) {
                throw new InvalidUploadException("test", "is empty");
            }
        } else {
            Map<String, Object> csvOnly = new LinkedHashMap<>();
            csvOnly.put("label", upload.label());
            csvOnly.put("test", upload.test());
            csvOnly.put("testFraction", upload.testFraction());
            csvOnly.put("seed", upload.seed());
            csvOnly.put("standardize", upload.standardize());
            csvOnly.forEach((field, value) -> {
                if (value != null) {
                    throw new InvalidUploadException(field, "applies to CSV uploads only; a zip of IDX files holds "
                            + "its own labels and test split, and its pixels are scaled to [0, 1]");
                }
            });
        }
        return format;
    }

    private static double fractionOf(Upload upload) {
        return upload.testFraction() == null ? 0.2 : upload.testFraction();
    }

    private static long seedOf(Upload upload) {
        return upload.seed() == null ? 1 : upload.seed();
    }

    private StoredDataset same(StoredDataset earlier, DatasetFormat format, String sha256,
            StoredDataset.UploadOptions options) {
        if (earlier.format() == format && earlier.sha256().equals(sha256) && earlier.options().equals(options)) {
            return earlier;
        }
        throw new DatasetConflictException(earlier.name(), "a dataset named '" + earlier.name()
                + "' exists with other content or options (SHA-256 " + earlier.sha256() + "); delete it first or "
                + "choose another name");
    }

    private StoredDataset convert(String name, DatasetFormat format, Path file, Path test, Path staging, String sha256,
            long bytes, StoredDataset.UploadOptions options) throws IOException {
        Path train = staging.resolve("train.split");
        Path testSplit = staging.resolve("test.split");
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        if (format == DatasetFormat.CSV) {
            CsvUpload.Result csv = new CsvUpload(properties).convert(new CsvUpload.Request(file, test, options.label(),
                    options.testFraction() == null ? 0 : options.testFraction(),
                    options.seed() == null ? 1 : options.seed(), options.standardize()), train, testSplit);
            return new StoredDataset(name, format, sha256, bytes, now, List.of(csv.featureNames().size()),
                    csv.featureNames(), csv.classes(), csv.trainRows(), csv.testRows(), csv.mean(), csv.std(),
                    blobs.key(train), blobs.key(testSplit), options);
        }
        Path expanded = Files.createDirectories(staging.resolve("expanded"));
        IdxZipUpload.Result idx = new IdxZipUpload(properties).convert(file, expanded, train, testSplit);
        return new StoredDataset(name, format, sha256, bytes, now, List.of(idx.height(), idx.width(), 1), null,
                idx.classes(), idx.trainRows(), idx.testRows(), null, null, blobs.key(train), blobs.key(testSplit),
                options);
    }

    /**
     * Moves the staged splits into the store and inserts the row, in one transaction holding the locks of
     * both splits' contents, so a deletion of the same content waits for the row and then keeps the files.
     */
    private StoredDataset save(StoredDataset stored, String sha256, Path staging) {
        try {
            String owner = tenant.id();
            transactions.executeWithoutResult(status -> {
                Limits limits = quotas.lock(owner);
                QuotaExceededException.check(owner, Quota.UPLOAD_BYTES, limits.maxUploadBytes(),
                        datasets.sumBytes(owner), stored.bytes());
                lockContents(stored);
                blobs.moveIn(staging.resolve("train.split"), stored.trainBlob());
                blobs.moveIn(staging.resolve("test.split"), stored.testBlob());
                datasets.saveAndFlush(new UploadedDataset(owner, stored.name(), stored.bytes(), sha256,
                        stored.trainBlob(), stored.testBlob(), stored.createdAt(), json.writeValueAsString(stored)));
            });
        } catch (DataIntegrityViolationException e) {
            forgetBlobsQuietly(stored);
            throw new DatasetConflictException(stored.name(), "a dataset named '" + stored.name()
                    + "' was uploaded at the same time with other content or options; read it back or choose "
                    + "another name");
        } catch (RuntimeException e) {
            forgetBlobsQuietly(stored);
            throw e;
        }
        log.info("Dataset {} uploaded: {} {}, {} train and {} test rows, SHA-256 {}", stored.name(),
                stored.format().wireName(), stored.shape(), stored.trainRows(), stored.testRows(), sha256);
        return stored;
    }

    /**
     * Deletes an uploaded dataset and the stored files no other dataset uses.
     *
     * @throws DatasetNotFoundException if there is none by that name
     * @throws DatasetConflictException while an unfinished job needs it
     */
    void delete(String name) {
        StoredDataset dataset = find(name).orElseThrow(() -> new DatasetNotFoundException(name));
        List<UUID> using = jobs.unfinishedJobsUsing(name);
        if (!using.isEmpty()) {
            throw new DatasetConflictException(name, "dataset '" + name + "' is used by " + using.size()
                    + " queued or running job(s), e.g. " + using.get(0) + "; cancel them or wait until they end");
        }
        transactions.executeWithoutResult(status -> datasets.deleteById(new UploadedDataset.Key(tenant.id(), name)));
        forgetBlobs(dataset);
        events.publishEvent(new DatasetDeleted(name));
        log.info("Dataset {} deleted", name);
    }

    /** As {@link #forgetBlobs}, when a failure is already on its way: that failure is what the caller hears. */
    private void forgetBlobsQuietly(StoredDataset dataset) {
        try {
            forgetBlobs(dataset);
        } catch (RuntimeException e) {
            log.warn("Dataset {}: its stored splits stay until deleted by hand: {}", dataset.name(), e.getMessage());
        }
    }

    /** Deletes the dataset's stored splits that no dataset uses any more, holding their contents' locks. */
    private void forgetBlobs(StoredDataset dataset) {
        transactions.executeWithoutResult(status -> {
            lockContents(dataset);
            for (String blob : List.of(dataset.trainBlob(), dataset.testBlob())) {
                if (datasets.countUsing(blob) == 0) {
                    blobs.delete(blob);
                }
            }
        });
    }

    /** Transaction-scoped PostgreSQL advisory locks on both splits' contents, in a fixed order. */
    private void lockContents(StoredDataset dataset) {
        for (String blob : new TreeSet<>(List.of(dataset.trainBlob(), dataset.testBlob()))) {
            jdbc.queryForObject("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))::text", String.class, blob);
        }
    }

    private Optional<StoredDataset> find(String name) {
        return stored.find(name);
    }
}
