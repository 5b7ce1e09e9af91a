/** Cross-cutting HTTP concerns: every error answered as RFC 9457 problem details. */
package io.anneal.web;
