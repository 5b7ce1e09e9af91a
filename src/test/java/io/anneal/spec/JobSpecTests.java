package io.anneal.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobSpecTests {

    @Test
    void theNoiseSeedFollowsTheTrainingSeedUnlessItIsSet() {
        NoiseSpec noise = new NoiseSpec(0.01, null, null, null, null, null, null);
        assertThat(spec(noise, 5L).withDefaults().gradientNoise().seed()).isEqualTo(5L);
        assertThat(spec(noise, 6L).withDefaults().gradientNoise().seed()).as("another run, other noise").isEqualTo(6L);
        assertThat(spec(noise, null).withDefaults().gradientNoise().seed()).as("the default training seed")
                .isEqualTo(1L);
        NoiseSpec seeded = new NoiseSpec(0.01, null, 77L, null, null, null, null);
        assertThat(spec(seeded, 5L).withDefaults().gradientNoise().seed()).isEqualTo(77L);
    }

    private static JobSpec spec(NoiseSpec noise, Long trainingSeed) {
        return new JobSpec("job", new DatasetRef("synthetic"), new NetworkSpec(null, 1, 8, null, null), null, noise,
                new LoopSpec(1, null, 16, trainingSeed), 0);
    }
}
