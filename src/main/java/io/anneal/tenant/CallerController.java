package io.anneal.tenant;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who the caller is: the key's prefix, name, role and tenant, with the tenant's quotas and use of them. */
@RestController
class CallerController {

    private final CurrentTenant current;
    private final Quotas quotas;
    private final Tenants tenants;

    CallerController(CurrentTenant current, Quotas quotas, Tenants tenants) {
        this.current = current;
        this.quotas = quotas;
        this.tenants = tenants;
    }

    @GetMapping("/api/v1/me")
    CallerView me() {
        Caller caller = current.caller().orElseThrow();
        return new CallerView(caller.tenant(), new CallerView.Key(caller.keyId(), caller.keyName(), caller.role()),
                quotas.of(caller.tenant()), tenants.usage(caller.tenant()));
    }

    record CallerView(String tenant, Key key, Limits quotas, Map<String, Long> usage) {

        record Key(String id, String name, Role role) {
        }
    }
}
