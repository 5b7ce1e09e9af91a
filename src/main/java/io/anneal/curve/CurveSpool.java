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

/**
 * The curve writer's queue: first in, first out, held in memory up to its capacity and beyond it in a
 * file on local disk, up to a size beyond which {@link #put} waits for room (training pauses rather than
 * losing a point). Once a point went to disk, later points follow it there until the disk part is read
 * back, so the order is kept. The file is unlinked as soon as it is opened: it holds points for this
 * process only and vanishes with it, however it ends.
 */
final class CurveSpool implements AutoCloseable {

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
    /** Bytes of the file written (pending included) and read back. */
    private long writePosition;
    private long readPosition;
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

    /** Adds a point at the end; waits only while memory and disk are both full. */
    void put(CurvePoint point) throws InterruptedException {
        lock.lock();
        try {
            if (onDisk() == 0 && memory.size() < memoryCapacity) {
                memory.add(point);
            } else {
                long waitStarted = 0;
                while (onDisk() >= diskCapacityRecords) {
                    if (waitStarted == 0) {
                        waitStarted = System.nanoTime();
                    }
                    waitingToPut++;
                    try {
                        notFull.await();
                    } finally {
                        waitingToPut--;
                    }
                }
                if (waitStarted != 0) {
                    blockedNanos += System.nanoTime() - waitStarted;
                }
                spill(point);
            }
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
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
        if (pending.remaining() < RECORD_BYTES) {
            writePending();
        }
        pending.putLong(point.jobId().getMostSignificantBits()).putLong(point.jobId().getLeastSignificantBits())
                .putLong(point.leaseToken()).put((byte) point.metric().ordinal()).putLong(point.step())
                .putInt(point.epoch()).putDouble(point.value()).putLong(point.time().getEpochSecond())
                .putInt(point.time().getNano());
        writePosition += RECORD_BYTES;
        spilledTotal++;
    }

    /** Writes the buffered records to the file at their positions. */
    private void writePending() {
        if (pending.position() == 0) {
            return;
        }
        pending.flip();
        try {
            FileChannel channel = open();
            long at = writePosition - pending.remaining();
            while (pending.hasRemaining()) {
                at += channel.write(pending, at);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write curve points to the spill file in " + directory
                    + ": " + e.getMessage(), e);
        } finally {
            pending.clear();
        }
    }

    private int readBack(List<CurvePoint> batch, int max) {
        writePending();
        int records = (int) Math.min(Math.min(max, onDisk()), reading.capacity() / RECORD_BYTES);
        reading.clear().limit(records * RECORD_BYTES);
        try {
            long at = readPosition;
            while (reading.hasRemaining()) {
                int read = file.read(reading, at);
                if (read < 0) {
                    throw new IOException("the spill file ended at byte " + at + " of " + writePosition);
                }
                at += read;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read curve points back from the spill file in " + directory
                    + ": " + e.getMessage(), e);
        }
        reading.flip();
        for (int i = 0; i < records; i++) {
            batch.add(new CurvePoint(new UUID(reading.getLong(), reading.getLong()), reading.getLong(),
                    METRICS[reading.get()], reading.getLong(), reading.getInt(), reading.getDouble(),
                    Instant.ofEpochSecond(reading.getLong(), reading.getInt())));
        }
        readPosition += (long) records * RECORD_BYTES;
        if (readPosition == writePosition) {
            readPosition = 0;
            writePosition = 0;
            try {
                file.truncate(0);
            } catch (IOException e) {
                throw new UncheckedIOException("could not truncate the curve spill file: " + e.getMessage(), e);
            }
        }
        return records;
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
