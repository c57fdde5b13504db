package io.github.imageedits.spring;

import io.github.imageedits.ImageEditClient;
import jakarta.servlet.Servlet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The callback endpoint on the application's own server: when {@code imageedits.callback.url} is
 * set in a servlet web application, a servlet at {@code imageedits.callback.path} (default
 * {@code /imageedits/callback}) hands each provider callback to the client's
 * {@link io.github.imageedits.CallbackHandler}, which completes the task it is signed for. Needs
 * only the servlet API, not Spring MVC.
 */
@AutoConfiguration(after = ImageEditsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({Servlet.class, ServletRegistrationBean.class})
@ConditionalOnProperty(prefix = "imageedits.callback", name = "url")
@ConditionalOnBean(ImageEditClient.class)
public final class ImageEditsCallbackAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "imageEditsCallbackEndpoint")
  ServletRegistrationBean<CallbackServlet> imageEditsCallbackEndpoint(Environment environment,
      ObjectProvider<ImageEditClient> client) {
    // The endpoint is registered while the server is created. Neither the client nor the
    // properties bean is asked for now, so both may be created later (lazily, with values known
    // only once the server runs, such as its port); the client is looked up at the first callback.
    String path = Binder.get(environment).bind("imageedits.callback.path", String.class)
        .orElse(ImageEditsProperties.Callback.DEFAULT_PATH);
    ServletRegistrationBean<CallbackServlet> registration =
        new ServletRegistrationBean<>(new CallbackServlet(client::getObject), path);
    registration.setName("imageEditsCallback");
    return registration;
  }
}
