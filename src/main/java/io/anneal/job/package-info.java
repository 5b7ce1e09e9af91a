/**
 * Training jobs: the job entity and its status machine, attempt history and events, submit / cancel /
 * find, idempotency keys, the PostgreSQL queue workers claim from with leases, and the HTTP API for
 * all of it. It knows specs and opaque artifact references, nothing of training itself.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"spec", "artifact", "web", "tenant"})
package io.anneal.job;
