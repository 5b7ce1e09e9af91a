/**
 * The embedded PostgreSQL that serves when no database is configured, so a fresh clone runs with one
 * command and keeps its jobs across restarts.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package io.anneal.database;
