/**
 * Cross-cutting HTTP concerns, open to every module: the one way to build an RFC 9457 problem
 * response ({@link io.anneal.web.Problems}), request size and JSON limits, and the fallback handler
 * for failures no module answers itself.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.anneal.web;
