package org.t3d.core.layers;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension for tests of the oneDNN paths: skips each test with a message when the oneDNN natives cannot be
 * loaded, switches the paths on before it and back on after it (a test may switch them off).
 */
final class RequiresOneDnn implements BeforeEachCallback, AfterEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        assumeTrue(OneDnn.isAvailable(), "oneDNN natives not loadable on this platform: oneDNN path not tested");
        OneDnn.setEnabled(true);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        OneDnn.setEnabled(true);
    }
}
