package io.anneal.tenant;

import io.anneal.web.Problems;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates tenants, sets their quotas and reports their use. */
@Service
class Tenants {

    private static final Logger log = LoggerFactory.getLogger(Tenants.class);
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private final TenantStore tenants;
    private final Quotas quotas;
    private final QuotaProperties defaults;
    private final List<QuotaUsage> usages;
    private final Clock clock;

    Tenants(TenantStore tenants, Quotas quotas, QuotaProperties defaults, List<QuotaUsage> usages, Clock clock) {
        this.tenants = tenants;
        this.quotas = quotas;
        this.defaults = defaults;
        this.usages = usages;
        this.clock = clock;
    }

    @Transactional
    TenantView create(TenantRequest request) {
        List<Problems.FieldError> errors = new ArrayList<>();
        if (request.id() == null || !ID.matcher(request.id()).matches()) {
            errors.add(new Problems.FieldError("id",
                    "must be 1 to 63 lower-case letters, digits or dashes, starting with a letter or digit"));
        }
        String name = request.name() == null || request.name().isBlank() ? request.id() : request.name().strip();
        if (name != null && name.length() > 200) {
            errors.add(new Problems.FieldError("name", "must be at most 200 characters"));
        }
        QuotaRequest own = request.quotas() == null ? QuotaRequest.DEFAULTS : request.quotas();
        errors.addAll(problems(own, "quotas."));
        if (!errors.isEmpty()) {
            throw new InvalidTenantRequestException(errors);
        }
        TenantRow row = row(request.id(), name, Instant.now(clock).truncatedTo(ChronoUnit.MICROS), own);
        if (!tenants.insert(row)) {
            throw new TenantConflictException(request.id());
        }
        log.info("Tenant {} created", row.id());
        return view(row);
    }

    @Transactional
    TenantView setQuotas(String id, QuotaRequest own) {
        List<Problems.FieldError> errors = problems(own, "");
        if (!errors.isEmpty()) {
            throw new InvalidTenantRequestException(errors);
        }
        TenantRow old = tenants.lock(id).orElseThrow(() -> new TenantNotFoundException(id));
        TenantRow row = row(id, old.name(), old.createdAt(), own);
        tenants.update(row);
        quotas.forget(id);
        log.info("Tenant {} quotas set to {}", id, row.limits(defaults));
        return view(row);
    }

    @Transactional(readOnly = true)
    TenantView find(String id) {
        return view(tenants.find(id).orElseThrow(() -> new TenantNotFoundException(id)));
    }

    @Transactional(readOnly = true)
    List<TenantView> list() {
        return tenants.list().stream().map(this::view).toList();
    }

    void requireExists(String id) {
        if (tenants.find(id).isEmpty()) {
            throw new TenantNotFoundException(id);
        }
    }

    private TenantView view(TenantRow row) {
        return new TenantView(row.id(), row.name(), row.createdAt(), row.limits(defaults),
                new QuotaRequest(row.maxRunningJobs(), row.maxQueuedJobs(), row.maxQueuedSteps(),
                        row.maxUploadBytes(), row.requestsPerSecond()), usage(row.id()));
    }

    /** What the tenant uses now of each quota that counts something stored, by the quota's JSON name. */
    Map<String, Long> usage(String tenant) {
        Map<Quota, Long> usage = new EnumMap<>(Quota.class);
        for (QuotaUsage reporter : usages) {
            usage.putAll(reporter.usage(tenant));
        }
        Map<String, Long> byName = new java.util.LinkedHashMap<>();
        usage.forEach((quota, used) -> byName.put(quota.json(), used));
        return byName;
    }

    private static TenantRow row(String id, String name, Instant createdAt, QuotaRequest own) {
        return new TenantRow(id, name, createdAt, own.runningJobs(), own.queuedJobs(), own.queuedSteps(),
                own.uploadBytes(), own.requestsPerSecond());
    }

    private static List<Problems.FieldError> problems(QuotaRequest own, String path) {
        List<Problems.FieldError> errors = new ArrayList<>();
        negative(errors, path + "runningJobs", own.runningJobs());
        negative(errors, path + "queuedJobs", own.queuedJobs());
        negative(errors, path + "queuedSteps", own.queuedSteps());
        negative(errors, path + "uploadBytes", own.uploadBytes());
        if (own.requestsPerSecond() != null
                && !(own.requestsPerSecond() > 0 && own.requestsPerSecond() <= 1_000_000)) {
            errors.add(new Problems.FieldError(path + "requestsPerSecond", "must be above 0 and at most 1000000"));
        }
        return errors;
    }

    private static void negative(List<Problems.FieldError> errors, String field, Number value) {
        if (value != null && value.longValue() < 0) {
            errors.add(new Problems.FieldError(field, "must be 0 or more (leave it out for the default)"));
        }
    }
}
