package io.anneal.tenant;

import java.util.Map;

/** What a tenant uses of its quotas, reported by the modules that own the jobs and datasets counted. */
public interface QuotaUsage {

    Map<Quota, Long> usage(String tenant);
}
