package io.anneal.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Training threads run at the configured niceness; the threads that made them keep theirs. */
class TrainingThreadsTests {

    @Test
    void aTrainingThreadRunsAtTheConfiguredNiceness() throws Exception {
        assertThat(Path.of("/proc/thread-self")).as("this service's training threads are reniced on Linux")
                .exists();
        CompletableFuture<Integer> seen = new CompletableFuture<>();
        Thread thread = new TrainingThreads(7).newThread(() -> seen.complete(ownNiceness()), "training-test");
        thread.start();
        assertThat(seen.get()).isEqualTo(7);
        assertThat(ownNiceness()).as("the calling thread").isZero();
    }

    @Test
    void nicenessZeroLeavesTheThreadAlone() throws Exception {
        CompletableFuture<Integer> seen = new CompletableFuture<>();
        new TrainingThreads(0).newThread(() -> seen.complete(ownNiceness()), "training-test").start();
        assertThat(seen.get()).isZero();
    }

    /** Field 19 of /proc/thread-self/stat, after the command name in parentheses. */
    private static int ownNiceness() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[16]);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
