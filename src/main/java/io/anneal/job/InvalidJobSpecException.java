package io.anneal.job;

import io.anneal.spec.FieldProblem;
import java.util.List;

/** A well-formed spec that cannot be run; lists every bad field at once. */
public class InvalidJobSpecException extends RuntimeException {

    private final List<FieldProblem> problems;

    InvalidJobSpecException(List<FieldProblem> problems) {
        super(problems.size() + " invalid field(s), first " + problems.get(0).field() + ": "
                + problems.get(0).message());
        this.problems = List.copyOf(problems);
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
