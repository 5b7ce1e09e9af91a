package io.anneal.tenant;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** What a key may do: an admin manages tenants and keys, a member everything in its tenant, a viewer reads. */
public enum Role {
    @JsonProperty("admin") ADMIN,
    @JsonProperty("member") MEMBER,
    @JsonProperty("viewer") VIEWER;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Spring Security authority of this role. */
    String authority() {
        return "ROLE_" + name();
    }
}
