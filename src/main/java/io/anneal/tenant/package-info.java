/**
 * Tenants, their API keys and quotas: who is calling (Spring Security with bearer API keys whose salted
 * hashes live in PostgreSQL), which tenant a request or a worker's run acts for ({@link
 * io.anneal.tenant.CurrentTenant}), and how much each tenant may queue, run, upload and request
 * ({@link io.anneal.tenant.Quotas}). Admin keys manage tenants and keys over HTTP.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"web", "database"})
package io.anneal.tenant;
