package org.eppanama.openvino;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Test classes that share one OpenVINO Core (skipping, with the reason, where the wheel is missing). */
abstract class WithCore {
    static Core core;

    @BeforeAll
    static void openCore() {
        core = OpenVinoTests.core();
    }

    @AfterAll
    static void closeCore() {
        if (core != null) {
            core.close();
        }
    }
}
