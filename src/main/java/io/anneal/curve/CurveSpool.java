package io.anneal.curve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The curve writer's queue: first in, first out, held in memory up to its capacity and beyond it in a
 * file on local disk, up to a size beyond which {@link #put} waits for room (training pauses rather than
 * losing a point; a disk allowance under one record means memory only). Once a point went to disk, later points follow it there until the disk part is read
 * back, so the order is kept. The file is unlinked as soon as it is opened: it holds points for this
 * process only and vanishes with it, however it ends.
 */
final class CurveSpool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CurveSpool.class);

    /** job id (16), lease token (8), metric (1), step (8), epoch (4), value (8), time (8 + 4). */
    static final int RECORD_BYTES = 57;
    private static final Metric[] METRICS = Metric.values();
    private final int memoryCapacity;
    private final long diskCapacityRecords;
    private final Path directory;
    private final ArrayDeque<CurvePoint> memory;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ByteBuffer pending;
    private final ByteBuffer reading;
    private FileChannel file;
    /**
     * Bytes of spilled records: all of them, including those still buffered in {@code pending}
     * ({@code writePosition}); those in the file ({@code fileEnd}); those read back ({@code readPosition}).
     * Records at or past {@code fileEnd} are in {@code pending}, oldest first.
     */
    private long writePosition;
    private long fileEnd;
    private long readPosition;
    private String writeFailure;
    private long spilledTotal;
    private long blockedNanos;
    private int waitingToPut;

    CurveSpool(int memoryCapacity, long diskCapacityBytes, Path directory, int readChunkRecords) {
        this.memoryCapacity = memoryCapacity;
        this.diskCapacityRecords = diskCapacityBytes / RECORD_BYTES;
        this.directory = directory;
        this.memory = new ArrayDeque<>(Math.min(memoryCapacity, 1 << 16));
        this.pending = ByteBuffer.allocate(RECORD_BYTES * 1024);
        this.reading = ByteBuffer.allocate(RECORD_BYTES * Math.max(1, readChunkRecords));
    }

    /**
     * Adds a point at the end; waits only while memory and disk are both full, or while the spill file
     * cannot be written (a full or failing disk: tried again every second).
     */
    void put(CurvePoint point) throws InterruptedException {
        lock.lock();
        try {
            long waitStarted = 0;
            while (!tryAdd(point)) {
                if (waitStarted == 0) {
                    waitStarted = System.nanoTime();
                }
                waitingToPut++;
                try {
                    notFull.await(1, TimeUnit.SECONDS);
                } finally {
                    waitingToPut--;
                }
            }
            if (waitStarted != 0) {
                blockedNanos += System.nanoTime() - waitStarted;
            }
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    private boolean tryAdd(CurvePoint point) {
        if (onDisk() == 0 && memory.size() < memoryCapacity) {
            memory.add(point);
            return true;
        }
        if (onDisk() >= diskCapacityRecords) {
            return false;
        }
        if (pending.remaining() < RECORD_BYTES && !tryWritePending()) {
            return false;
        }
        spill(point);
        return true;
    }

    /** Moves up to {@code max} points from the front into {@code batch}: memory first, then disk. */
    int drainTo(List<CurvePoint> batch, int max) {
        lock.lock();
        try {
            int taken = 0;
            while (taken < max && !memory.isEmpty()) {
                batch.add(memory.poll());
                taken++;
            }
            if (taken < max && onDisk() > 0) {
                taken += readBack(batch, max - taken);
            }
            if (taken > 0) {
                notFull.signalAll();
            }
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /** The first point, waiting up to {@code timeout} for one; null if none came. */
    CurvePoint poll(long timeout, TimeUnit unit) throws InterruptedException {
        long left = unit.toNanos(timeout);
        lock.lock();
        try {
            while (memory.isEmpty() && onDisk() == 0) {
                if (left <= 0) {
                    return null;
                }
                left = notEmpty.awaitNanos(left);
            }
            java.util.ArrayList<CurvePoint> one = new java.util.ArrayList<>(1);
            drainTo(one, 1);
            return one.get(0);
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return (int) Math.min(Integer.MAX_VALUE, memory.size() + onDisk());
        } finally {
            lock.unlock();
        }
    }

    boolean isEmpty() {
        return size() == 0;
    }

    /** Points on disk now. */
    long spilled() {
        lock.lock();
        try {
            return onDisk();
        } finally {
            lock.unlock();
        }
    }

    /** Points ever written to disk. */
    long spilledTotal() {
        lock.lock();
        try {
            return spilledTotal;
        } finally {
            lock.unlock();
        }
    }

    /** Time training threads spent waiting for room, all together. */
    double blockedSeconds() {
        lock.lock();
        try {
            return blockedNanos / 1e9;
        } finally {
            lock.unlock();
        }
    }

    /** Training threads waiting for room now. */
    int waitingToPut() {
        lock.lock();
        try {
            return waitingToPut;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (file != null) {
                file.close();
                file = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not close the curve spill file", e);
        } finally {
            lock.unlock();
        }
    }

    private long onDisk() {
        return (writePosition - readPosition) / RECORD_BYTES;
    }

    private void spill(CurvePoint point) {
        pending.putLong(point.jobId().getMostSignificantBits()).putLong(point.jobId().getLeastSignificantBits())
                .putLong(point.leaseToken()).put((byte) point.metric().ordinal()).putLong(point.step())
                .putInt(point.epoch()).putDouble(point.value()).putLong(point.time().getEpochSecond())
                .putInt(point.time().getNano());
        writePosition += RECORD_BYTES;
        spilledTotal++;
    }

    /**
     * Writes the buffered records to the file after those already there. What could not be written stays
     * buffered (and counted), so a failing disk delays points but never loses one; says whether all were
     * written.
     */
    private boolean tryWritePending() {
        if (pending.position() == 0) {
            return true;
        }
        pending.flip();
        try {
            FileChannel channel = open();
            while (pending.hasRemaining()) {
                fileEnd += channel.write(pending, fileEnd);
            }
            if (writeFailure != null) {
                log.info("Curve points are written to the spill file in {} again", directory);
                writeFailure = null;
            }
            return true;
        } catch (IOException e) {
            if (writeFailure == null) {
                log.warn("Could not write curve points to the spill file in {}: {}; training waits for room until it "
                        + "can", directory, e.getMessage());
            }
            writeFailure = e.getMessage();
            return false;
        } finally {
            pending.compact();
        }
    }

    /** Reads points back from the file, then from the records still buffered for it. */
    private int readBack(List<CurvePoint> batch, int max) {
        int records = (int) Math.min(Math.min(max, onDisk()), reading.capacity() / RECORD_BYTES);
        long inFile = (fileEnd - readPosition) / RECORD_BYTES;
        if (inFile > 0) {
            records = (int) Math.min(records, inFile);
            reading.clear().limit(records * RECORD_BYTES);
            try {
                long at = readPosition;
                while (reading.hasRemaining()) {
                    int read = file.read(reading, at);
                    if (read < 0) {
                        throw new IOException("the spill file ended at byte " + at + " of " + fileEnd);
                    }
                    at += read;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read curve points back from the spill file in " + directory
                        + ": " + e.getMessage(), e);
            }
            reading.flip();
            decode(reading, records, batch);
        } else {
            pending.flip();
            decode(pending, records, batch);
            pending.compact();
        }
        readPosition += (long) records * RECORD_BYTES;
        if (inFile <= 0) {
            fileEnd = readPosition;
        }
        if (readPosition == writePosition && truncate()) {
            readPosition = 0;
            writePosition = 0;
            fileEnd = 0;
        }
        return records;
    }

    private static void decode(ByteBuffer from, int records, List<CurvePoint> batch) {
        for (int i = 0; i < records; i++) {
            batch.add(new CurvePoint(new UUID(from.getLong(), from.getLong()), from.getLong(),
                    METRICS[from.get()], from.getLong(), from.getInt(), from.getDouble(),
                    Instant.ofEpochSecond(from.getLong(), from.getInt())));
        }
    }

    /** Empties the file once everything in it has been read back; false (and keeps going) if it cannot. */
    private boolean truncate() {
        if (file == null) {
            return true;
        }
        try {
            file.truncate(0);
            return true;
        } catch (IOException e) {
            log.warn("Could not truncate the curve spill file in {}: {}; it grows on", directory, e.getMessage());
            return false;
        }
    }

    private FileChannel open() throws IOException {
        if (file == null) {
            Files.createDirectories(directory);
            Path path = Files.createTempFile(directory, "curve-spill-", ".bin");
            file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Files.delete(path);
        }
        return file;
    }
}
