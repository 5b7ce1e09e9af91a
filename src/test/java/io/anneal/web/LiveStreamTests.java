package io.anneal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

class LiveStreamTests {

    @Test
    void aClientThatFallsTooFarBehindIsDroppedInsteadOfBufferedWithoutBound() {
        List<Runnable> neverRun = new ArrayList<>();
        LiveStream stream = new LiveStream(new SseEmitter(), neverRun::add, 100);
        for (int i = 0; i < 9; i++) {
            stream.send(Integer.toString(i), "points", "ten points", 10);
        }
        assertThat(stream.isOpen()).isTrue();
        stream.send("9", "points", "ten more", 10);
        assertThat(stream.isOpen()).as("exactly at the limit").isTrue();
        stream.send("10", "points", "one more", 1);
        assertThat(stream.isOpen()).as("past the limit").isFalse();
        assertThat(neverRun).as("one drain scheduled, however many events").hasSize(1);
    }
}
