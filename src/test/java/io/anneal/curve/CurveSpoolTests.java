package io.anneal.curve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The curve writer's queue: memory, then disk, first in first out, and a wait instead of a lost point. */
class CurveSpoolTests {

    private static final UUID JOB = UUID.randomUUID();

    @TempDir
    Path directory;

    @Test
    void pointsBeyondMemoryGoToDiskAndComeBackInOrderExactlyOnce() throws Exception {
        try (CurveSpool spool = new CurveSpool(100, 1 << 20, directory, 64)) {
            List<CurvePoint> put = new ArrayList<>();
            for (int step = 1; step <= 1000; step++) {
                CurvePoint point = point(step);
                spool.put(point);
                put.add(point);
            }
            assertThat(spool.size()).isEqualTo(1000);
            assertThat(spool.spilled()).isEqualTo(900);
            List<CurvePoint> taken = new ArrayList<>();
            // points put while the disk part is read back queue behind it
            for (int step = 1001; step <= 1200; step++) {
                spool.drainTo(taken, 7);
                CurvePoint point = point(step);
                spool.put(point);
                put.add(point);
            }
            while (spool.drainTo(taken, 50) > 0) {
                // drain
            }
            assertThat(taken).containsExactlyElementsOf(put);
            assertThat(spool.spilledTotal()).isGreaterThanOrEqualTo(900);
            assertThat(spool.isEmpty()).isTrue();
            assertThat(spool.spilled()).isZero();
        }
    }

    @Test
    void afterTheDiskPartIsReadBackNewPointsGoToMemoryAgain() throws Exception {
        try (CurveSpool spool = new CurveSpool(2, 1 << 20, directory, 64)) {
            for (int step = 1; step <= 5; step++) {
                spool.put(point(step));
            }
            List<CurvePoint> taken = new ArrayList<>();
            spool.drainTo(taken, 10);
            assertThat(taken).extracting(CurvePoint::step).containsExactly(1L, 2L, 3L, 4L, 5L);
            long spilledBefore = spool.spilledTotal();
            spool.put(point(6));
            assertThat(spool.spilledTotal()).isEqualTo(spilledBefore);
            assertThat(spool.poll(1, TimeUnit.SECONDS).step()).isEqualTo(6);
        }
    }

    @Test
    void aFullSpoolMakesThePutWaitUntilThereIsRoomNeverDropsAPoint() throws Exception {
        int diskRecords = 10;
        try (CurveSpool spool = new CurveSpool(5, (long) diskRecords * CurveSpool.RECORD_BYTES, directory, 64)) {
            for (int step = 1; step <= 15; step++) {
                spool.put(point(step));
            }
            CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
                try {
                    spool.put(point(16));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertThat(blocked).isNotDone();
            assertThat(spool.waitingToPut()).isEqualTo(1);
            List<CurvePoint> taken = new ArrayList<>();
            spool.drainTo(taken, 8);
            blocked.get(5, TimeUnit.SECONDS);
            while (spool.drainTo(taken, 8) > 0) {
                // drain
            }
            assertThat(taken).extracting(CurvePoint::step).containsExactlyElementsOf(
                    java.util.stream.LongStream.rangeClosed(1, 16).boxed().toList());
            assertThat(spool.blockedSeconds()).isGreaterThan(0.2);
        }
    }

    @Test
    void withNoDiskAllowanceAFullMemoryMakesThePutWaitForRoom() throws Exception {
        try (CurveSpool spool = new CurveSpool(3, 0, directory, 64)) {
            for (int step = 1; step <= 3; step++) {
                spool.put(point(step));
            }
            CompletableFuture<Void> blocked = putLater(spool, point(4));
            Thread.sleep(300);
            assertThat(blocked).isNotDone();
            List<CurvePoint> taken = new ArrayList<>();
            spool.drainTo(taken, 1);
            blocked.get(5, TimeUnit.SECONDS);
            spool.drainTo(taken, 10);
            assertThat(taken).extracting(CurvePoint::step).containsExactly(1L, 2L, 3L, 4L);
            assertThat(spool.spilledTotal()).isZero();
        }
    }

    @Test
    void aDiskThatCannotBeWrittenDelaysPointsButLosesNone() throws Exception {
        Path blockedDirectory = directory.resolve("spill");
        Files.writeString(blockedDirectory, "a file where the spill directory should be");
        int buffered = 1024; // records the spool holds for the file before writing them
        try (CurveSpool spool = new CurveSpool(10, 1 << 20, blockedDirectory, 64)) {
            List<CurvePoint> put = new ArrayList<>();
            for (int step = 1; step <= 10 + buffered; step++) {
                put.add(point(step));
                spool.put(put.get(put.size() - 1));
            }
            put.add(point(10 + buffered + 1));
            CompletableFuture<Void> blocked = putLater(spool, put.get(put.size() - 1));
            Thread.sleep(1_500);
            assertThat(blocked).as("a put with the buffer full and the disk failing").isNotDone();
            List<CurvePoint> taken = new ArrayList<>();
            spool.drainTo(taken, 50); // ten from memory, forty from the buffer the file could not take
            blocked.get(5, TimeUnit.SECONDS);

            Files.delete(blockedDirectory); // the disk works again
            for (long step = 10 + buffered + 2; step <= 4_000; step++) {
                put.add(point(step));
                spool.put(put.get(put.size() - 1));
            }
            assertThat(listed()).containsExactly(blockedDirectory);
            while (spool.drainTo(taken, 64) > 0) {
                // drain
            }
            assertThat(taken).containsExactlyElementsOf(put);
        }
    }

    private static CompletableFuture<Void> putLater(CurveSpool spool, CurvePoint point) {
        return CompletableFuture.runAsync(() -> {
            try {
                spool.put(point);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void theSpillFileIsUnlinkedSoNothingOutlivesTheProcess() throws Exception {
        try (CurveSpool spool = new CurveSpool(1, 1 << 20, directory, 64)) {
            for (int step = 1; step <= 50; step++) {
                spool.put(point(step));
            }
            assertThat(spool.spilled()).isEqualTo(49);
            assertThat(listed()).isEmpty();
        }
    }

    @Test
    void everyFieldSurvivesTheDisk() throws Exception {
        CurvePoint odd = new CurvePoint(UUID.randomUUID(), Long.MAX_VALUE - 3, Metric.VALIDATION_ACCURACY,
                9_876_543_210L, 77, -1.25e-300, Instant.ofEpochSecond(1_700_000_000L, 123_456_789));
        try (CurveSpool spool = new CurveSpool(1, 1 << 20, directory, 64)) {
            spool.put(point(1));
            spool.put(odd);
            List<CurvePoint> taken = new ArrayList<>();
            spool.drainTo(taken, 2);
            assertThat(taken).containsExactly(point(1), odd);
        }
    }

    private List<Path> listed() throws IOException {
        try (var files = Files.list(directory)) {
            return files.toList();
        }
    }

    private static CurvePoint point(long step) {
        return new CurvePoint(JOB, 7, Metric.LOSS, step, (int) (step / 100), 1.0 / step,
                Instant.ofEpochSecond(1_800_000_000L + step, step));
    }
}
