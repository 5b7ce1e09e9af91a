package io.anneal.tenant;

import static io.anneal.support.TenantFixtures.as;
import static io.anneal.support.TenantFixtures.body;
import static org.assertj.core.api.Assertions.assertThat;

import io.anneal.support.IntegrationTest;
import io.anneal.support.JobSpecs;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** Anonymous access, when configured: requests without a key act with that role in the default tenant. */
@IntegrationTest
@TestPropertySource(properties = "anneal.api-keys.anonymous-role=viewer")
class AnonymousAccessTests {

    @Autowired
    WebApplicationContext context;

    @Test
    void requestsWithoutAKeyReadAsViewersWhileAWrongKeyIsStillRefused() {
        MockMvcTester bare = MockMvcTester.create(MockMvcBuilders.webAppContextSetup(context)
                .addFilters(context.getBean("springSecurityFilterChain", Filter.class)).build());
        assertThat(bare.get().uri("/api/v1/jobs").exchange()).hasStatusOk();
        assertThat(body(bare.get().uri("/api/v1/me").exchange())).contains("\"tenant\":\"default\"")
                .contains("\"role\":\"viewer\"");
        assertThat(bare.post().uri("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .content(JobSpecs.small("anonymous")).exchange()).hasStatus(403);
        assertThat(as("not-a-key-of-anyone-at-all", bare.get().uri("/api/v1/jobs")).exchange()).hasStatus(401);
    }
}
