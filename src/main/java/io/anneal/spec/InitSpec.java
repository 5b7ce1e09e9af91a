package io.anneal.spec;

/** Weight initialisation; {@code std} applies to {@link InitType#NORMAL} only. */
public record InitSpec(InitType type, Double std) {

    public static final InitSpec DEFAULT = new InitSpec(InitType.HE, null);
    /** Recurrent networks' default: with tanh cells, He's variance saturates them from the first step. */
    public static final InitSpec XAVIER = new InitSpec(InitType.XAVIER, null);

    public InitSpec withDefaults() {
        InitType resolved = type == null ? InitType.HE : type;
        return new InitSpec(resolved, resolved == InitType.NORMAL && std == null ? Double.valueOf(0.1) : std);
    }
}
