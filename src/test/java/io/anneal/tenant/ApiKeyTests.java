package io.anneal.tenant;

import static io.anneal.support.TenantFixtures.as;
import static io.anneal.support.TenantFixtures.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.anneal.support.IntegrationTest;
import io.anneal.support.JobSpecs;
import io.anneal.support.TenantFixtures;
import io.anneal.support.TestKeys;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.Filter;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** Keys as callers meet them: missing, wrong, revoked, of a role that may not, shown once, counted. */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class ApiKeyTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    WebApplicationContext context;

    @Autowired
    MeterRegistry registry;

    /** Requests exactly as sent: no admin key added. */
    private MockMvcTester bare;
    private String tenant;

    @BeforeEach
    void bareClient() {
        bare = MockMvcTester.create(MockMvcBuilders.webAppContextSetup(context)
                .addFilters(context.getBean("springSecurityFilterChain", Filter.class)).build());
        tenant = TenantFixtures.tenant(mvc, "keys", null);
    }

    @Test
    void aRequestWithoutAKeyIsRefusedWithABearerChallengeAndTheProbesStayOpen() {
        MvcTestResult refused = bare.get().uri("/api/v1/jobs").exchange();
        assertThat(refused).hasStatus(401).hasContentTypeCompatibleWith("application/problem+json");
        assertThat(refused.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer realm=\"anneal\"");
        assertThat(body(refused)).contains("Authorization: Bearer <key>").doesNotContain("Exception");
        assertThat(bare.get().uri("/actuator/health/readiness").exchange()).hasStatusOk();
        assertThat(bare.get().uri("/actuator/health/liveness").exchange()).hasStatusOk();
        assertThat(bare.get().uri("/livez").exchange()).hasStatusOk();
        assertThat(bare.get().uri("/readyz").exchange()).hasStatusOk();
        assertThat(body(bare.get().uri("/actuator/health").exchange())).doesNotContain("components");
        assertThat(body(as(TestKeys.ADMIN, bare.get().uri("/actuator/health")).exchange())).contains("components");
    }

    @Test
    void wrongAndMalformedKeysAreRefusedCountedAndLoggedWithoutTheKey(CapturedOutput output) {
        double before = rejections("unknown");
        int logged = output.getAll().length();
        String guess = "ak_abcdefghijkl_" + "x".repeat(43);
        MvcTestResult wrong = as(guess, bare.get().uri("/api/v1/jobs")).exchange();
        MvcTestResult truncated = as(TestKeys.ADMIN.substring(0, 20), bare.get().uri("/api/v1/jobs")).exchange();
        MvcTestResult basic = bare.get().uri("/api/v1/jobs").header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNz")
                .exchange();
        assertThat(wrong).hasStatus(401);
        assertThat(wrong.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).contains("error=\"invalid_token\"");
        assertThat(truncated).hasStatus(401);
        assertThat(basic).hasStatus(401);
        assertThat(rejections("unknown")).isEqualTo(before + 2);
        assertThat(rejections("malformed")).isGreaterThanOrEqualTo(1);
        assertThat(output.getAll().substring(logged)).contains("API key unknown").doesNotContain(guess).doesNotContain("x".repeat(43))
                .doesNotContain(TestKeys.ADMIN.substring(0, 20));
    }

    @Test
    void aNewKeyIsShownOnceListedByItsPrefixAndWorks() {
        MvcTestResult created = mvc.post().uri("/api/v1/tenants/{id}/keys", tenant)
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"ci\", \"role\": \"member\"}").exchange();
        assertThat(created).hasStatus(201);
        String key = JsonPath.read(body(created), "$.key");
        String prefix = JsonPath.read(body(created), "$.id");
        assertThat(key).startsWith(prefix + "_");
        String listed = body(mvc.get().uri("/api/v1/tenants/{id}/keys", tenant).exchange());
        assertThat((List<String>) JsonPath.read(listed, "$.keys[*].id")).containsExactly(prefix);
        assertThat(listed).doesNotContain(key.substring(prefix.length() + 1)).doesNotContain("\"key\"");
        MvcTestResult me = as(key, bare.get().uri("/api/v1/me")).exchange();
        assertThat(me).hasStatusOk();
        assertThat((String) JsonPath.read(body(me), "$.tenant")).isEqualTo(tenant);
        assertThat((String) JsonPath.read(body(me), "$.key.role")).isEqualTo("member");
        assertThat(body(mvc.get().uri("/api/v1/tenants/{id}/keys", tenant).exchange())).contains("lastUsedAt");
    }

    @Test
    void aRevokedKeyStopsWorkingAtOnce() {
        String key = TenantFixtures.key(mvc, tenant, "member");
        assertThat(as(key, bare.get().uri("/api/v1/jobs")).exchange()).hasStatusOk();
        String prefix = key.substring(0, "ak_".length() + 12);
        assertThat(mvc.delete().uri("/api/v1/tenants/{id}/keys/{key}", tenant, prefix).exchange()).hasStatus(204);
        MvcTestResult refused = as(key, bare.get().uri("/api/v1/jobs")).exchange();
        assertThat(refused).hasStatus(401);
        assertThat(body(refused)).contains("revoked");
        assertThat((String) JsonPath.read(body(mvc.get().uri("/api/v1/tenants/{id}/keys", tenant).exchange()),
                "$.keys[0].revokedAt")).isNotNull();
        assertThat(mvc.delete().uri("/api/v1/tenants/{id}/keys/{key}", tenant, prefix).exchange()).hasStatus(404);
    }

    @Test
    void aViewerReadsButMayNotWriteAndAMemberMayNotManageKeys() {
        String viewer = TenantFixtures.key(mvc, tenant, "viewer");
        String member = TenantFixtures.key(mvc, tenant, "member");
        assertThat(as(viewer, bare.get().uri("/api/v1/jobs")).exchange()).hasStatusOk();
        MvcTestResult write = as(viewer, bare.post().uri("/api/v1/jobs")).contentType(MediaType.APPLICATION_JSON)
                .content(JobSpecs.small("viewer's")).exchange();
        assertThat(write).hasStatus(403).hasContentTypeCompatibleWith("application/problem+json");
        assertThat(body(write)).contains("role");
        assertThat(body(as(viewer, bare.get().uri("/api/v1/jobs")).exchange())).doesNotContain("viewer's");
        assertThat(as(member, bare.get().uri("/api/v1/tenants/{id}/keys", tenant)).exchange()).hasStatus(403);
        assertThat(as(member, bare.post().uri("/api/v1/jobs")).contentType(MediaType.APPLICATION_JSON)
                .content(JobSpecs.small("member's")).exchange()).hasStatus(201);
    }

    @Test
    void metricsNeedAnAdminKeyOnTheServicePort() {
        assertThat(bare.get().uri("/actuator/prometheus").exchange()).hasStatus(401);
        assertThat(bare.get().uri("/actuator/metrics").exchange()).hasStatus(401);
        assertThat(as(TestKeys.ADMIN, bare.get().uri("/actuator/metrics")).exchange()).hasStatusOk();
        assertThat(as(TenantFixtures.key(mvc, tenant, "member"), bare.get().uri("/actuator/prometheus")).exchange())
                .hasStatus(403);
        MvcTestResult scraped = as(TestKeys.ADMIN, bare.get().uri("/actuator/prometheus")).exchange();
        assertThat(scraped).hasStatusOk();
        assertThat(body(scraped)).contains("anneal_api_key_rejections_total");
    }

    @Test
    void keysAreRateLimitedWithRetryAfter() {
        String limited = TenantFixtures.tenant(mvc, "slow", "{\"requestsPerSecond\": 2}");
        String key = TenantFixtures.key(mvc, limited, "viewer");
        int ok = 0;
        MvcTestResult last = null;
        for (int i = 0; i < 6; i++) {
            last = as(key, bare.get().uri("/api/v1/jobs")).exchange();
            ok += last.getResponse().getStatus() == 200 ? 1 : 0;
        }
        assertThat(ok).isBetween(2, 3);
        assertThat(last).hasStatus(429).hasContentTypeCompatibleWith("application/problem+json");
        assertThat(last.getResponse().getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(body(last)).contains("\"quota\":\"requestsPerSecond\"");
    }

    @Test
    void aTenantIdOrKeyRequestThatCannotBeUsedIsRefusedByField() {
        MvcTestResult badId = mvc.post().uri("/api/v1/tenants").contentType(MediaType.APPLICATION_JSON)
                .content("{\"id\": \"Not OK!\", \"quotas\": {\"queuedJobs\": -1}}").exchange();
        assertThat(badId).hasStatus(400);
        assertThat(body(badId)).contains("\"field\":\"id\"", "\"field\":\"quotas.queuedJobs\"");
        MvcTestResult taken = mvc.post().uri("/api/v1/tenants").contentType(MediaType.APPLICATION_JSON)
                .content("{\"id\": \"" + tenant + "\"}").exchange();
        assertThat(taken).hasStatus(409);
        MvcTestResult noName = mvc.post().uri("/api/v1/tenants/{id}/keys", tenant)
                .contentType(MediaType.APPLICATION_JSON).content("{\"role\": \"viewer\"}").exchange();
        assertThat(noName).hasStatus(400);
        assertThat(mvc.post().uri("/api/v1/tenants/{id}/keys", "no-such-tenant").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"x\"}").exchange()).hasStatus(404);
    }

    private double rejections(String reason) {
        var counter = registry.find("anneal.api.key.rejections").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }
}
