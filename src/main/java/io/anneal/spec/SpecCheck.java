package io.anneal.spec;

import java.util.List;

/**
 * A check of a submitted spec (defaults filled in) by a module that knows more than the spec's own
 * rules, e.g. whether its dataset exists and loads. Implementations are collected by the submitting
 * module; every problem found is reported at once.
 */
public interface SpecCheck {

    List<FieldProblem> check(RunSpec spec);
}
