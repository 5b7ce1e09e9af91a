package io.anneal.spec;

/** How many updates a valid spec (defaults filled in) plans to make, for the queued-steps quota. */
public interface StepPlanner {

    long plannedSteps(JobSpec spec);
}
