package io.anneal.tenant;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Creates, lists and revokes a tenant's API keys. */
@Service
class ApiKeys {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
    private final ApiKeyStore keys;
    private final Tenants tenants;
    private final JdbcTemplate jdbc;
    private final ApiKeyVerifier verifier;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiKeys(ApiKeyStore keys, Tenants tenants, JdbcTemplate jdbc, ApiKeyVerifier verifier, Clock clock) {
        this.keys = keys;
        this.verifier = verifier;
        this.tenants = tenants;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A new key of the tenant; the answer holds the key itself, which is not kept anywhere. */
    @Transactional
    KeyView create(String tenant, KeyRequest request) {
        tenants.requireExists(tenant);
        String name = request.name() == null ? null : request.name().strip();
        if (name == null || name.isEmpty() || name.length() > 100) {
            throw InvalidTenantRequestException.of("name", "is required: 1 to 100 characters saying who uses the key");
        }
        ApiKeyFormat.Generated generated = ApiKeyFormat.generate(random);
        StoredKey stored = stored(generated.id(), tenant, name, request.role() == null ? Role.MEMBER : request.role(),
                generated.secret());
        keys.insert(stored);
        log.info("API key {} ({}, {}) created for tenant {}", ApiKeyFormat.prefix(stored.id()), name,
                stored.role().json(), tenant);
        return KeyView.of(stored).withKey(generated.key());
    }

    @Transactional(readOnly = true)
    List<KeyView> list(String tenant) {
        tenants.requireExists(tenant);
        return keys.list(tenant).stream().map(KeyView::of).toList();
    }

    /**
     * Revokes the key on every replica: the revocation is announced on commit and each replica forgets
     * the key before its next request.
     */
    @Transactional
    void revoke(String tenant, String prefix) {
        tenants.requireExists(tenant);
        String id = prefix.startsWith("ak_") ? prefix.substring(3) : prefix;
        if (!keys.revoke(tenant, id, now())) {
            throw new KeyNotFoundException(prefix);
        }
        announceRevoked(id);
        log.info("API key {} of tenant {} revoked", prefix, tenant);
    }

    /**
     * Announces on commit that the stored key {@code id} no longer works as it did: this replica forgets
     * it at once, before the answer, every other one when the NOTIFY arrives.
     */
    void announceRevoked(String id) {
        jdbc.queryForObject("SELECT pg_notify(?, ?)::text", String.class, KeyRevocationListener.CHANNEL, id);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                verifier.evict(id);
            }
        });
    }

    StoredKey stored(String id, String tenant, String name, Role role, String secret) {
        byte[] salt = ApiKeyFormat.salt(random);
        return new StoredKey(id, tenant, name, role, salt, ApiKeyFormat.hash(salt, secret), now(), null, null);
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
