package io.github.imageedits.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.EditContext;
import io.github.imageedits.EditObserver;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.emulator.Fault;
import io.github.imageedits.emulator.ProviderEmulator;
import io.github.imageedits.micrometer.MicrometerEditObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Observations bound to the application's ObservationRegistry, and when they are not. */
@DisplayName("Observations through imageedits-micrometer")
class ImageEditsObservationTest {
  private static ProviderEmulator aceData;
  private static ProviderEmulator chainHub;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ImageEditsAutoConfiguration.class));

  @BeforeAll
  static void start() {
    aceData = ProviderEmulator.builder().build();
    aceData.start();
    chainHub = ProviderEmulator.builder().dialect(ProviderEmulator.Dialect.CHAINHUB).build();
    chainHub.start();
  }

  @AfterAll
  static void stop() {
    aceData.close();
    chainHub.close();
  }

  private ApplicationContextRunner aceData(String... more) {
    return runner.withPropertyValues("imageedits.provider=acedata", "imageedits.api-key=" + aceData.token(),
        "imageedits.base-url=" + aceData.baseUrl()).withPropertyValues(more);
  }

  @Test
  @DisplayName("with an ObservationRegistry bean, each edit is an imageedits.edit observation in it")
  void boundToTheRegistry() {
    aceData().withUserConfiguration(Registry.class).run(context -> {
      assertThat(context).hasSingleBean(MicrometerEditObserver.class);
      assertThat(context.getBean(EditObserver.class).recordsPrompts()).isFalse();
      context.getBean(ImageEditClient.class).edit(TestImages.request());
      List<Observation.Context> seen = context.getBean(Registry.class).stopped;
      assertThat(seen).extracting(Observation.Context::getName).contains("imageedits.edit");
      Observation.Context edit = seen.stream().filter(c -> c.getName().equals("imageedits.edit")).findFirst().orElseThrow();
      assertThat(edit.getLowCardinalityKeyValue("gen_ai.provider.name").getValue()).isEqualTo("acedata");
      assertThat(edit.getLowCardinalityKeyValue("imageedits.outcome").getValue()).isEqualTo("success");
    });
  }

  @Test
  @DisplayName("a fallback chain is observed as imageedits.fallback over its providers' edits")
  void fallbackObserved() {
    aceData.enqueueFault(Fault.status(503));
    aceData("imageedits.retry.max-attempts=1", "imageedits.fallback[0].provider=chainhub",
        "imageedits.fallback[0].api-key=" + chainHub.token(), "imageedits.fallback[0].base-url=" + chainHub.baseUrl())
        .withUserConfiguration(Registry.class).run(context -> {
          context.getBean(ImageEditClient.class).edit(TestImages.request());
          assertThat(context.getBean(Registry.class).stopped).extracting(Observation.Context::getName)
              .contains("imageedits.fallback", "imageedits.edit");
        });
  }

  @Test
  @DisplayName("imageedits.observations.record-prompts opts in to prompts")
  void recordPrompts() {
    aceData("imageedits.observations.record-prompts=true").withUserConfiguration(Registry.class)
        .run(context -> assertThat(context.getBean(EditObserver.class).recordsPrompts()).isTrue());
  }

  @Test
  @DisplayName("no ObservationRegistry bean: no observer, the client is built all the same")
  void noRegistry() {
    aceData().run(context -> {
      assertThat(context).doesNotHaveBean(EditObserver.class);
      assertThat(context).hasSingleBean(ImageEditClient.class);
    });
  }

  @Test
  @DisplayName("imageedits-micrometer not on the class path: no observer")
  void noMicrometerModule() {
    aceData().withUserConfiguration(Registry.class)
        .withClassLoader(new FilteredClassLoader(MicrometerEditObserver.class))
        .run(context -> {
          assertThat(context).doesNotHaveBean(EditObserver.class);
          assertThat(context).hasSingleBean(ImageEditClient.class);
        });
  }

  @Test
  @DisplayName("the application's own EditObserver bean wins, and the client reports to it")
  void ownObserver() {
    aceData().withUserConfiguration(Registry.class, OwnObserver.class).run(context -> {
      assertThat(context).doesNotHaveBean(MicrometerEditObserver.class);
      context.getBean(ImageEditClient.class).edit(TestImages.request());
      assertThat(context.getBean(OwnObserver.class).started).hasValue(1);
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class Registry {
    final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

    @Bean
    ObservationRegistry observationRegistry() {
      ObservationRegistry registry = ObservationRegistry.create();
      registry.observationConfig().observationHandler(new ObservationHandler<>() {
        @Override
        public void onStop(Observation.Context context) {
          stopped.add(context);
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
          return true;
        }
      });
      return registry;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnObserver {
    final AtomicInteger started = new AtomicInteger();

    @Bean
    EditObserver myObserver() {
      return (EditContext context) -> {
        started.incrementAndGet();
        return EditObserver.Observation.NONE;
      };
    }
  }
}
