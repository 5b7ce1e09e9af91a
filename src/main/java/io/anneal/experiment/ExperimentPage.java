package io.anneal.experiment;

import java.util.List;

/** A page of experiments, newest first; pass {@code nextCursor} back as {@code cursor} for the next. */
public record ExperimentPage(List<ExperimentSummary> experiments, String nextCursor) {
}
