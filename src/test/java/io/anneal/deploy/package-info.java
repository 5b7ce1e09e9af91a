/**
 * Checks of what ships Anneal: the container images, the docker-compose stack and the Helm chart with
 * its Grafana dashboards, rendered or parsed as their tools would.
 */
package io.anneal.deploy;
