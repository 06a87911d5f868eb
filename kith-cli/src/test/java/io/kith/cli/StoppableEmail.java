package io.kith.cli;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For tests where e-mail is not shareable for resolution ({@link ProbableLinksIT#EMAIL_NOT_SHAREABLE}: merged whatever
 * the names say) yet the matching run stops a shared one: the types the run may stop are overridden
 * ({@code KITH_SHARED_VALUE_TYPES}), as they were before the identity rules' {@code shareable} flag became their default.
 */
final class StoppableEmail implements BeforeEachCallback, AfterEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) {
        System.setProperty("kith.shared-value.types", "email,phone,loyalty_card");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.clearProperty("kith.shared-value.types");
    }
}
