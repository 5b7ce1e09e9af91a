package io.anneal.tenant;

/** A new key: a name that says who or what uses it, and its role ({@code member} when left out). */
record KeyRequest(String name, Role role) {
}
