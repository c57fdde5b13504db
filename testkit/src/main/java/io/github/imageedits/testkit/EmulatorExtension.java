package io.github.imageedits.testkit;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.emulator.ProviderEmulator;
import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs a {@link ProviderEmulator} for JUnit 5 tests, and injects it into test method parameters.
 *
 * <pre>{@code
 * class MyClientTest {
 *   @RegisterExtension
 *   static EmulatorExtension emulator = EmulatorExtension.aceData();
 *
 *   @Test void edits(ProviderEmulator provider) {
 *     URI baseUrl = emulator.baseUrl();      // or provider.baseUrl()
 *     String token = emulator.token();
 *     // … call baseUrl + "/openai/images/edits" with the token …
 *     assertThat(provider.receivedEdits()).hasSize(1);
 *   }
 * }
 * }</pre>
 *
 * <p>In a {@code static} field the emulator starts once for the class, and before each test its
 * received edits, request count and pending faults are cleared (results and tasks stay). In an
 * instance field it starts and stops around each test. With two extensions in one class (say
 * AceData and ChainHub), use the fields rather than parameters: both would offer the parameter.
 */
public final class EmulatorExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private final ProviderEmulator emulator;
  private boolean startedForClass;
  private boolean startedForTest;
  // The class context that started it: @Nested classes run their own beforeAll/afterAll on the
  // same extension, and must not stop the outer class's emulator.
  private String startedBy;

  private EmulatorExtension(ProviderEmulator emulator) {
    this.emulator = emulator;
  }

  /** An AceData emulator accepting {@link ProviderEmulator#DEFAULT_TOKEN}. */
  public static EmulatorExtension aceData() {
    return of(ProviderEmulator.builder().dialect(ProviderEmulator.Dialect.ACEDATA));
  }

  /** A ChainHub emulator accepting {@link ProviderEmulator#DEFAULT_TOKEN}. */
  public static EmulatorExtension chainHub() {
    return of(ProviderEmulator.builder().dialect(ProviderEmulator.Dialect.CHAINHUB));
  }

  /** A Gemini emulator accepting {@link ProviderEmulator#DEFAULT_TOKEN} as its API key. */
  public static EmulatorExtension gemini() {
    return of(ProviderEmulator.builder().dialect(ProviderEmulator.Dialect.GEMINI));
  }

  /**
   * An emulator built from {@code builder}, for other tokens, expiry times, callback delays or
   * limits: {@code EmulatorExtension.of(ProviderEmulator.builder().concurrencyLimit(16)
   * .latency(Duration.ofMillis(100)))}.
   */
  public static EmulatorExtension of(ProviderEmulator.Builder builder) {
    return new EmulatorExtension(requireNonNull(builder, "builder == null").build());
  }

  /** The emulator (started once the extension ran its callbacks). */
  public ProviderEmulator emulator() {
    return emulator;
  }

  /** The started emulator's base URL. */
  public URI baseUrl() {
    return emulator.baseUrl();
  }

  /** The token the emulator accepts. */
  public String token() {
    return emulator.token();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (!startedForClass && !startedForTest) {
      emulator.start();
      startedForClass = true;
      startedBy = context.getUniqueId();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (startedForClass) {
      emulator.reset();
    } else if (!startedForTest) {
      emulator.start();
      startedForTest = true;
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (startedForTest) emulator.close();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (startedForClass && context.getUniqueId().equals(startedBy)) emulator.close();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == ProviderEmulator.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return emulator;
  }
}
