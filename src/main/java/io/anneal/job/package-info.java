/**
 * Training jobs: the spec users submit, the job's status machine, submit / cancel / find, the
 * PostgreSQL queue workers claim from, and the HTTP API for all of it.
 */
package io.anneal.job;
