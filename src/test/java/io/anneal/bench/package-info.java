/**
 * Benchmarks: main classes (not tests) that print figures, run with {@code ./mvnw -Pbench exec:exec}.
 * Ratios are always measured side by side in one process.
 */
package io.anneal.bench;
