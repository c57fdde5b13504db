/**
 * Spring Boot auto-configuration for imageedits. Spring Boot applications usually run on the class
 * path, where this descriptor is ignored; on the module path, Spring reads the configuration
 * classes reflectively, hence the qualified {@code opens}.
 */
module io.github.imageedits.spring {
  // @NullMarked and @Nullable: compile-only, so nothing of JSpecify is needed at run time.
  requires static org.jspecify;
  // The bean is core's ImageEditClient, built by the client's ImageEdits.
  requires transitive io.github.imageedits.client;
  requires spring.beans;
  requires spring.boot;
  requires spring.boot.autoconfigure;
  requires spring.context;
  requires spring.core;
  requires org.apache.commons.logging;
  // The callback servlet: only when the application has a servlet server (the auto-configuration
  // is conditional on the servlet API).
  requires static jakarta.servlet;
  // Observations: only when the application has imageedits-micrometer (and Micrometer).
  requires static io.github.imageedits.micrometer;
  requires static micrometer.observation;

  exports io.github.imageedits.spring;

  opens io.github.imageedits.spring to spring.core, spring.beans, spring.context, spring.boot;
}
