/**
 * A provider emulator for tests and the sandbox: {@link
 * io.github.imageedits.testkit.emulator.ProviderEmulator} speaks AceData's or ChainHub's wire
 * protocol on loopback and makes a visible, deterministic edit; {@link
 * io.github.imageedits.testkit.emulator.EmulatorExtension} runs it in JUnit 5 tests.
 */
package io.github.imageedits.testkit.emulator;
