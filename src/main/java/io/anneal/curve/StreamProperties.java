package io.anneal.curve;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Live event streams of jobs.
 *
 * @param poll how often the one loop reads new points and job states of watched jobs from PostgreSQL
 * @param heartbeat how often an idle stream gets a comment, so proxies keep it open
 * @param maxQueued points (and events) a watcher may have waiting; a watcher further behind is dropped,
 *     and catches up from PostgreSQL when it reconnects with its last event id
 * @param readLimit points read per job per poll; a watcher catching up on a long curve gets the rest on
 *     the next polls
 * @param timeout how long one stream lasts before the service closes it (a client reconnects and resumes)
 */
@Validated
@ConfigurationProperties("anneal.streams")
record StreamProperties(@DefaultValue("500ms") Duration poll,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("20000") @Min(100) int maxQueued,
        @DefaultValue("5000") @Min(10) int readLimit,
        @DefaultValue("30m") Duration timeout) {
}
