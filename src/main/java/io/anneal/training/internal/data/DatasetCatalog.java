package io.anneal.training.internal.data;

import io.anneal.dataset.DatasetDeleted;
import io.anneal.dataset.ReservedDatasetNames;
import io.anneal.dataset.StoredDataset;
import io.anneal.dataset.UploadedDatasets;
import io.anneal.spec.DatasetVersions;
import io.anneal.training.DatasetDescription;
import io.anneal.training.DatasetUnavailableException;
import io.anneal.training.Datasets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Every dataset a job may name. Folders are rescanned on each listing, so a folder dropped under a
 * root becomes usable without a restart; each dataset is loaded at most once and then shared.
 */
@Component
public class DatasetCatalog implements Datasets, ReservedDatasetNames, DatasetVersions {

    private static final Logger log = LoggerFactory.getLogger(DatasetCatalog.class);
    private final DataProperties properties;
    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    private final Map<String, CompletableFuture<Dataset>> loaded = new ConcurrentHashMap<>();
    /** Generated sequence tasks kept loaded, least recently used first: any length may be asked for. */
    private final Deque<String> recentTasks = new ArrayDeque<>();
    private static final int KEPT_TASKS = 4;

    private final UploadedDatasets uploads;

    public DatasetCatalog(DataProperties properties) {
        this(properties, null);
    }

    @Autowired
    public DatasetCatalog(DataProperties properties, UploadedDatasets uploads) {
        this.properties = properties;
        this.uploads = uploads;
    }

    /** The SHA-256 of an uploaded dataset's content; built-in datasets and folders have none. */
    @Override
    public Optional<String> sha256(String name) {
        if (isBuiltIn(name) || uploads == null) {
            return Optional.empty();
        }
        return uploads.find(name).map(StoredDataset::sha256);
    }

    /** Built-in names, generated tasks and folders: an upload may not take them. */
    @Override
    public boolean isReserved(String name) {
        if (SequenceTasks.isTaskName(name)
                || List.of(SyntheticDigits.NAME, BundledDigits.NAME, MnistDownload.NAME).contains(name)) {
            return true;
        }
        return roots().stream().flatMap(root -> completeFolders(root).stream())
                .anyMatch(folder -> folder.getFileName().toString().equals(name));
    }

    /**
     * An uploaded dataset was deleted: its arrays are let go. A new upload of the name has other stored
     * splits or another time of upload, so it is loaded afresh on every replica whatever this one heard.
     */
    @EventListener
    void deleted(DatasetDeleted deleted) {
        loaded.keySet().removeIf(key -> key.startsWith(deleted.name() + "@"));
    }

    /**
     * Marks a generated task as just used and lets go of the least recently used beyond {@link #KEPT_TASKS}
     * (runs that hold one keep their arrays; it is generated again when asked for).
     */
    private void keepRecent(String task) {
        synchronized (recentTasks) {
            recentTasks.remove(task);
            recentTasks.addLast(task);
            while (recentTasks.size() > KEPT_TASKS) {
                loaded.remove(recentTasks.removeFirst());
            }
        }
    }

    private static String uploadKey(String name, String version) {
        return name + "@" + version;
    }

    @Override
    public List<DatasetDescription> list() {
        Map<String, DatasetDescription> byName = new LinkedHashMap<>();
        byName.put(SyntheticDigits.NAME, info(SyntheticDigits.NAME, "generated", "memory", true));
        byName.put(SequenceTasks.ADDING_EXAMPLE, task(SequenceTasks.ADDING_EXAMPLE));
        byName.put(SequenceTasks.BINARY_ADDITION_EXAMPLE, task(SequenceTasks.BINARY_ADDITION_EXAMPLE));
        loaded.keySet().stream().filter(SequenceTasks::isTaskName).filter(SequenceTasks::isOffered).sorted()
                .forEach(name -> byName.putIfAbsent(name, task(name)));
        if (properties.bundled()) {
            byName.put(BundledDigits.NAME, info(BundledDigits.NAME, "bundled", BundledDigits.LOCATION, true));
        }
        for (Path root : roots()) {
            for (Path folder : completeFolders(root)) {
                String name = folder.getFileName().toString();
                byName.putIfAbsent(name, info(name, "folder", folder.toString(), true));
            }
        }
        if (uploads != null) {
            for (StoredDataset upload : uploads.list()) {
                byName.putIfAbsent(upload.name(), uploaded(upload));
            }
        }
        if (!byName.containsKey(MnistDownload.NAME) && properties.downloadAllowed()) {
            byName.put(MnistDownload.NAME, info(MnistDownload.NAME, "download",
                    properties.mnistMirror().toString(), false));
        }
        return new ArrayList<>(byName.values());
    }

    /** A listed dataset, or a generated sequence task of any offered length or width. */
    @Override
    public Optional<DatasetDescription> find(String name) {
        if (SequenceTasks.isTaskName(name)) {
            return SequenceTasks.isOffered(name) ? Optional.of(task(name)) : Optional.empty();
        }
        return list().stream().filter(info -> info.name().equals(name)).findFirst();
    }

    /**
     * Loads (or downloads, then loads) a dataset once; later calls share the same arrays.
     *
     * @throws DatasetUnavailableException if the name is unknown or its files cannot be read
     */
    public Dataset dataset(String name) {
        Optional<StoredDataset> upload = isBuiltIn(name) || uploads == null ? Optional.empty() : uploads.find(name);
        String key = upload.map(stored -> uploadKey(name, stored.trainBlob() + "/" + stored.testBlob() + "@"
                + stored.createdAt())).orElse(name);
        CompletableFuture<Dataset> future = loaded.computeIfAbsent(key, k -> new CompletableFuture<>());
        if (SequenceTasks.isTaskName(name)) {
            keepRecent(name);
        }
        if (!future.isDone()) {
            synchronized (future) {
                if (!future.isDone()) {
                    completeLoad(name, upload, future);
                }
            }
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            loaded.remove(key, future);
            throw (DatasetUnavailableException) e.getCause();
        }
    }

    @Override
    public DatasetDescription load(String name) {
        dataset(name);
        return find(name).orElseThrow(() -> new DatasetUnavailableException(name, "it is not in the catalog", null));
    }

    private void completeLoad(String name, Optional<StoredDataset> upload, CompletableFuture<Dataset> future) {
        try {
            long started = System.nanoTime();
            Dataset dataset = upload.isPresent() ? UploadedData.load(uploads, upload.get()) : read(name);
            log.info("Loaded dataset {}: {} train and {} test examples in {} ms", name, dataset.trainExamples(),
                    dataset.testExamples(), (System.nanoTime() - started) / 1_000_000);
            future.complete(dataset);
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            future.completeExceptionally(new DatasetUnavailableException(name, DatasetProblems.describe(e), e));
        }
    }

    private Dataset read(String name) throws IOException {
        if (name.equals(SyntheticDigits.NAME)) {
            return SyntheticDigits.generate();
        }
        if (SequenceTasks.isTaskName(name)) {
            return SequenceTasks.generate(name);
        }
        if (name.equals(BundledDigits.NAME) && properties.bundled()) {
            return BundledDigits.load();
        }
        for (Path root : roots()) {
            MnistFolder folder = new MnistFolder(root.resolve(name));
            if (isPlainName(name) && folder.isComplete()) {
                return folder.load(name);
            }
        }
        if (name.equals(MnistDownload.NAME) && properties.downloadAllowed()) {
            Path target = Path.of(properties.root()).resolve(MnistDownload.NAME);
            new MnistDownload(properties.mnistMirror()).into(target);
            return new MnistFolder(target).load(name);
        }
        throw new IOException("no dataset named '" + name + "' under " + roots());
    }

    private boolean isBuiltIn(String name) {
        return name.equals(SyntheticDigits.NAME) || SequenceTasks.isTaskName(name) || (name.equals(BundledDigits.NAME) && properties.bundled());
    }

    private DatasetDescription uploaded(StoredDataset upload) {
        return new DatasetDescription(upload.name(), "upload", "/api/v1/datasets/" + upload.name(), true,
                upload.features(),
                upload.classes().size(), upload.trainRows(), upload.testRows(), upload.format().wireName(),
                upload.shape(), upload.classes(), upload.featureNames(), upload.bytes(), upload.sha256(),
                upload.createdAt(), upload.standardized(), Target.CLASS.wireName());
    }

    private List<Path> roots() {
        return properties.roots();
    }

    private static List<Path> completeFolders(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(Files::isDirectory).filter(dir -> new MnistFolder(dir).isComplete())
                    .sorted().toList();
        } catch (IOException e) {
            log.warn("Cannot list data root {}: {}", root, e.toString());
            return List.of();
        }
    }

    private static boolean isPlainName(String name) {
        return name.matches("[A-Za-z0-9][A-Za-z0-9._-]*") && !name.contains("..");
    }

    private DatasetDescription info(String name, String source, String location, boolean available) {
        CompletableFuture<Dataset> future = loaded.get(name);
        Dataset dataset = future != null && future.isDone() && !future.isCompletedExceptionally()
                ? future.join() : null;
        return new DatasetDescription(name, source, location, available, 784, 10,
                dataset == null ? null : dataset.trainExamples(), dataset == null ? null : dataset.testExamples(),
                "idx", List.of(28, 28, 1), DIGITS, null, null, null, null, false, Target.CLASS.wireName());
    }

    /** A generated sequence task: its shape and target follow from its name; it is generated when first used. */
    private DatasetDescription task(String name) {
        SequenceTasks.Task task = SequenceTasks.task(name);
        return new DatasetDescription(name, "generated", "memory", true, task.steps() * task.features(),
                task.target() == Target.VALUE ? 0 : 2, SequenceTasks.TRAIN, SequenceTasks.TEST, "sequence",
                List.of(task.steps(), task.features()), task.target() == Target.VALUE ? null : List.of("0", "1"),
                null, null, null, null, false, task.target().wireName());
    }
}
