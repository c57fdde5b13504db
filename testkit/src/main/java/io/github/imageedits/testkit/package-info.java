/**
 * Tests for provider authors: {@link io.github.imageedits.testkit.ProviderContractKit} and
 * {@link io.github.imageedits.testkit.ProviderFaultKit} run against an adapter and MockWebServer.
 */
@NullMarked
package io.github.imageedits.testkit;

import org.jspecify.annotations.NullMarked;
