package io.anneal.support;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For tests that call services directly, as no request does: each test acts as the default tenant's
 * admin on its own thread, and as nobody after.
 */
public class ActAsDefaultAdmin implements BeforeEachCallback, AfterEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        TestKeys.actAsDefaultAdmin();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestKeys.actAsNobody();
    }
}
