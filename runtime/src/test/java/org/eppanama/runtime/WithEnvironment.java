package org.eppanama.runtime;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Test classes that share one Environment, opened before their first test and closed after the last. */
abstract class WithEnvironment {
    static Environment env;

    @BeforeAll
    static void openEnvironment() {
        env = Environment.create();
    }

    @AfterAll
    static void closeEnvironment() {
        env.close();
    }
}
