package io.anneal.training.internal.trained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A model sees rows scaled as in its own training, whatever the evaluated dataset did to them. */
class InputScalingTests {

    private final InputScaling dataset = new InputScaling(InputScaling.Kind.STANDARDIZE, new double[] {1, 2},
            new double[] {2, 4});
    private final InputScaling model = new InputScaling(InputScaling.Kind.STANDARDIZE, new double[] {0, 10},
            new double[] {1, 2});

    @Test
    void standardisedRowsAreRestandardisedWithTheModelsStatistics() {
        INDArray rows = Nd4j.createFromArray(new float[][] {{0.5f, -0.5f}});
        INDArray converted = model.convert(rows, dataset);
        // raw (2, 0), then (2 - 0) / 1 and (0 - 10) / 2
        assertThat(converted.getDouble(0, 0)).isCloseTo(2.0, within(1e-6));
        assertThat(converted.getDouble(0, 1)).isCloseTo(-5.0, within(1e-6));
        assertThat(rows.getDouble(0, 0)).as("the dataset's rows are left alone").isEqualTo(0.5);
        assertThat(InputScaling.IDENTITY.convert(rows, dataset).getDouble(0, 1)).isCloseTo(0.0, within(1e-6));
    }

    @Test
    void rowsScaledTheModelsWayPassUnchanged() {
        INDArray rows = Nd4j.createFromArray(new float[][] {{0.5f, 0.25f}});
        assertThat(model.convert(rows, model)).isSameAs(rows);
        assertThat(InputScaling.PIXELS.convert(rows, InputScaling.PIXELS)).isSameAs(rows);
        assertThat(InputScaling.IDENTITY.convert(rows, InputScaling.PIXELS)).isSameAs(rows);
    }
}
