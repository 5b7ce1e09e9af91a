/**
 * The embedded PostgreSQL that serves when no database is configured, so a fresh clone runs with one
 * command and keeps its jobs across restarts; and {@link io.anneal.database.PostgresNotifications}, the
 * one LISTEN connection through which NOTIFY from any replica reaches the modules of this one.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package io.anneal.database;
