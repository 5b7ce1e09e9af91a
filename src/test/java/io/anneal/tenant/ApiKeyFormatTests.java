package io.anneal.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyFormatTests {

    private final SecureRandom random = new SecureRandom();

    @Test
    void aGeneratedKeyParsesBackToItsIdAndSecret() {
        for (int i = 0; i < 1000; i++) {
            ApiKeyFormat.Generated key = ApiKeyFormat.generate(random);
            ApiKeyFormat.Parsed parsed = ApiKeyFormat.parse(key.key()).orElseThrow();
            assertThat(parsed.id()).isEqualTo(key.id()).hasSize(12);
            assertThat(parsed.secret()).isEqualTo(key.secret()).hasSize(43);
            assertThat(key.key()).startsWith(ApiKeyFormat.prefix(key.id()) + "_");
        }
    }

    @Test
    void textOfAnotherShapeIsNotAKeyOfOurs() {
        String key = ApiKeyFormat.generate(random).key();
        assertThat(ApiKeyFormat.parse(key + "x")).isEmpty();
        assertThat(ApiKeyFormat.parse(key.substring(1))).isEmpty();
        assertThat(ApiKeyFormat.parse(key.toUpperCase())).isEmpty();
        assertThat(ApiKeyFormat.parse("test-admin-key-0123456789abcdef")).isEmpty();
    }

    @Test
    void theSameSecretHashesDifferentlyUnderEverySaltAndAlikeUnderTheSame() {
        byte[] salt = ApiKeyFormat.salt(random);
        assertThat(ApiKeyFormat.hash(salt, "secret")).isEqualTo(ApiKeyFormat.hash(salt, "secret"))
                .isNotEqualTo(ApiKeyFormat.hash(ApiKeyFormat.salt(random), "secret"))
                .isNotEqualTo(ApiKeyFormat.hash(salt, "secreT"));
    }

    @Test
    void idsAndSecretsDoNotRepeat() {
        Set<String> ids = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ApiKeyFormat.Generated key = ApiKeyFormat.generate(random);
            ids.add(key.id());
            secrets.add(key.secret());
        }
        assertThat(ids).hasSize(10_000);
        assertThat(secrets).hasSize(10_000);
    }
}
