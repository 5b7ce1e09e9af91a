package io.anneal.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;

/** Tenants and keys made through the API with the test admin key, each tenant under a fresh id. */
public final class TenantFixtures {

    private TenantFixtures() {
    }

    /** A new tenant whose id starts with {@code prefix}; {@code quotas} is its own quotas as JSON, or null. */
    public static String tenant(MockMvcTester mvc, String prefix, String quotas) {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        MvcTestResult created = mvc.post().uri("/api/v1/tenants").contentType(MediaType.APPLICATION_JSON)
                .content("{\"id\": \"" + id + "\"" + (quotas == null ? "" : ", \"quotas\": " + quotas) + "}")
                .exchange();
        assertThat(created).hasStatus(201);
        return id;
    }

    /** A new key of the tenant with that role, as shown once at creation. */
    public static String key(MockMvcTester mvc, String tenant, String role) {
        MvcTestResult created = mvc.post().uri("/api/v1/tenants/{id}/keys", tenant)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"" + role + " of " + tenant + "\", \"role\": \"" + role + "\"}").exchange();
        assertThat(created).hasStatus(201);
        return JsonPath.read(body(created), "$.key");
    }

    public static String body(MvcTestResult result) {
        try {
            return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    /** The request sent with {@code key} instead of the test admin key. */
    public static <B extends AbstractMockHttpServletRequestBuilder<B>> B as(String key, B request) {
        return request.header(HttpHeaders.AUTHORIZATION, TestKeys.bearer(key));
    }
}
