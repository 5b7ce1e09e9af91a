package io.anneal.tenant;

/** A request was refused with 429 because it would pass {@code quota}. */
public record QuotaRefused(Quota quota) {
}
