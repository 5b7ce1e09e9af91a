package io.anneal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.anneal.support.ActAsDefaultAdmin;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.ActiveProfiles;

/** The replica's name is on every meter it exports and in every log line it writes. */
@ExtendWith({ActAsDefaultAdmin.class, OutputCaptureExtension.class})
@SpringBootTest(properties = {"anneal.workers=0", "anneal.execution.replica=replica-under-test"})
@ActiveProfiles("test")
class ReplicaIdentityTests {

    @Autowired
    MeterRegistry registry;

    @Test
    void metersAndLogLinesNameTheReplica(CapturedOutput output) {
        assertThat(registry.getMeters()).hasSizeGreaterThan(20);
        for (Meter meter : registry.getMeters()) {
            assertThat(meter.getId().getTag("replica")).as(meter.getId().getName()).isEqualTo("replica-under-test");
        }
        LoggerFactory.getLogger(ReplicaIdentityTests.class).info("a line of this replica");
        assertThat(output.getOut().lines().filter(line -> line.contains("a line of this replica")))
                .singleElement().asString().contains(" INFO replica-under-test [");
    }
}
