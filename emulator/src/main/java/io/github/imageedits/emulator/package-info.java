/**
 * A provider emulator for tests, the CLI's sandbox and manual use: {@link
 * io.github.imageedits.emulator.ProviderEmulator} speaks AceData's or ChainHub's wire protocol on
 * a local port and makes a visible, deterministic edit; {@link
 * io.github.imageedits.emulator.EmulatorMain} serves it standalone. A plain library: the JUnit 5
 * extension that runs it in tests lives in the testkit.
 */
@NullMarked
package io.github.imageedits.emulator;

import org.jspecify.annotations.NullMarked;
