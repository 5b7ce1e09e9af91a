package io.anneal.tenant;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tenants and their keys, for admins: create tenants, set quotas, make, list and revoke keys. */
@RestController
@RequestMapping("/api/v1/tenants")
class TenantController {

    private final Tenants tenants;
    private final ApiKeys keys;

    TenantController(Tenants tenants, ApiKeys keys) {
        this.tenants = tenants;
        this.keys = keys;
    }

    @PostMapping
    ResponseEntity<TenantView> create(@RequestBody TenantRequest request) {
        TenantView tenant = tenants.create(request);
        return ResponseEntity.created(URI.create("/api/v1/tenants/" + tenant.id())).body(tenant);
    }

    @GetMapping
    Map<String, List<TenantView>> list() {
        return Map.of("tenants", tenants.list());
    }

    @GetMapping("/{id}")
    TenantView find(@PathVariable String id) {
        return tenants.find(id);
    }

    /** Replaces the tenant's own quotas; a quota left out or null goes back to the configured default. */
    @PutMapping("/{id}/quotas")
    TenantView setQuotas(@PathVariable String id, @RequestBody QuotaRequest quotas) {
        return tenants.setQuotas(id, quotas);
    }

    /** 201 with the new key, shown this once. */
    @PostMapping("/{id}/keys")
    ResponseEntity<KeyView> createKey(@PathVariable String id, @RequestBody KeyRequest request) {
        KeyView key = keys.create(id, request);
        return ResponseEntity.created(URI.create("/api/v1/tenants/" + id + "/keys/" + key.id())).body(key);
    }

    @GetMapping("/{id}/keys")
    Map<String, List<KeyView>> listKeys(@PathVariable String id) {
        return Map.of("keys", keys.list(id));
    }

    /** Revokes the key: refused from the next request on, on every replica; it stays listed as revoked. */
    @DeleteMapping("/{id}/keys/{keyId}")
    ResponseEntity<Void> revoke(@PathVariable String id, @PathVariable String keyId) {
        keys.revoke(id, keyId);
        return ResponseEntity.noContent().build();
    }
}
