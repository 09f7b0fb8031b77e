package dev.authstack.auth;

import dev.authstack.support.IntegrationTest;

/** {@link BruteForceScenarios} on the embedded default's in-process counters. */
@IntegrationTest
class BruteForceIT extends BruteForceScenarios {

}
