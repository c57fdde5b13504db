package io.github.imageedits.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.ImageEditClient;
import io.github.imageedits.client.ImageEdits;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** When the callback endpoint is registered, and where. */
@DisplayName("ImageEditsCallbackAutoConfiguration")
class ImageEditsCallbackAutoConfigurationTest {
  private static final String CALLBACK_URL = "imageedits.callback.url=https://edits.example.com/imageedits/callback";
  private static final AutoConfigurations BOTH = AutoConfigurations.of(
      ImageEditsAutoConfiguration.class, ImageEditsCallbackAutoConfiguration.class);

  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(BOTH)
      .withPropertyValues("imageedits.provider=acedata", "imageedits.api-key=test-key");

  @Test
  @DisplayName("a callback URL in a servlet application registers the endpoint at the default path")
  void registeredAtDefaultPath() {
    web.withPropertyValues(CALLBACK_URL).run(context -> {
      assertThat(context).hasNotFailed();
      ServletRegistrationBean<?> endpoint = context.getBean("imageEditsCallbackEndpoint", ServletRegistrationBean.class);
      assertThat(endpoint.getUrlMappings()).containsExactly("/imageedits/callback");
      assertThat(endpoint.getServlet()).isInstanceOf(CallbackServlet.class);
    });
  }

  @Test
  @DisplayName("imageedits.callback.path moves it")
  void registeredAtConfiguredPath() {
    web.withPropertyValues(CALLBACK_URL, "imageedits.callback.path=/hooks/edits").run(context ->
        assertThat(context.getBean("imageEditsCallbackEndpoint", ServletRegistrationBean.class).getUrlMappings())
            .containsExactly("/hooks/edits"));
  }

  @Test
  @DisplayName("no callback URL: no endpoint")
  void noCallbackUrl() {
    web.run(context -> {
      assertThat(context).hasSingleBean(ImageEditClient.class);
      assertThat(context).doesNotHaveBean("imageEditsCallbackEndpoint");
    });
  }

  @Test
  @DisplayName("not a servlet application: no endpoint")
  void notServlet() {
    new ApplicationContextRunner().withConfiguration(BOTH)
        .withPropertyValues("imageedits.provider=acedata", "imageedits.api-key=test-key", CALLBACK_URL)
        .run(context -> {
          assertThat(context).hasSingleBean(ImageEditClient.class);
          assertThat(context).doesNotHaveBean("imageEditsCallbackEndpoint");
        });
  }

  @Test
  @DisplayName("no servlet API on the class path: no endpoint")
  void noServletApi() {
    web.withPropertyValues(CALLBACK_URL).withClassLoader(new FilteredClassLoader(jakarta.servlet.Servlet.class))
        .run(context -> assertThat(context).doesNotHaveBean("imageEditsCallbackEndpoint"));
  }

  @Test
  @DisplayName("no client at all (no provider, no bean of the application's): no endpoint")
  void noClient() {
    new WebApplicationContextRunner().withConfiguration(BOTH).withPropertyValues(CALLBACK_URL)
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean("imageEditsCallbackEndpoint");
        });
  }

  @Test
  @DisplayName("the application's own client gets the endpoint too")
  void ownClient() {
    new WebApplicationContextRunner().withConfiguration(BOTH).withUserConfiguration(OwnClient.class)
        .withPropertyValues(CALLBACK_URL)
        .run(context -> assertThat(context).hasBean("imageEditsCallbackEndpoint"));
  }

  @Test
  @DisplayName("an endpoint bean of the application's own replaces the starter's")
  void ownEndpoint() {
    web.withPropertyValues(CALLBACK_URL).withUserConfiguration(OwnEndpoint.class).run(context ->
        assertThat(context.getBean("imageEditsCallbackEndpoint", ServletRegistrationBean.class).getUrlMappings())
            .containsExactly("/mine"));
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnClient {
    @Bean(destroyMethod = "close")
    ImageEditClient myClient() {
      return ImageEdits.builder().provider("acedata").apiKey("own-key")
          .callbackUrl("https://edits.example.com/imageedits/callback").build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnEndpoint {
    @Bean
    ServletRegistrationBean<?> imageEditsCallbackEndpoint() {
      return new ServletRegistrationBean<>(new jakarta.servlet.http.HttpServlet() {}, "/mine");
    }
  }
}
