package io.github.imageedits.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.spi.ProviderAdapter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.imageio.ImageIO;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider in a jar of its own, compiled and packed here, is selectable by name once the jar is
 * on the class loader: nothing in this module names it.
 */
@DisplayName("A provider in a jar of its own")
class ProviderJarTest {
  private static final String NAME = "jarred";
  private static final String SOURCE = """
      package example.jarred;

      import io.github.imageedits.capability.CapabilityTable;
      import io.github.imageedits.capability.ModelCapability;
      import io.github.imageedits.spi.OpenAiCompatibleAdapter;
      import java.net.URI;

      public final class Jarred extends OpenAiCompatibleAdapter {
        public static final String NAME = "jarred";
        private static final CapabilityTable TABLE = CapabilityTable.builder(NAME)
            .model(ModelCapability.builder("jar-model-1").build())
            .build();

        public Jarred() {
          super(NAME, URI.create("https://api.jarred.invalid"), "/v7/edits");
        }

        @Override
        public CapabilityTable capabilities() {
          return TABLE;
        }
      }
      """;

  @TempDir Path dir;
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  @DisplayName("is found through ServiceLoader and edits by name")
  void selectedByName() throws Exception {
    Path jar = providerJar();
    byte[] png = png();
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body("{\"created\":1713833628,\"data\":[{\"b64_json\":\""
            + Base64.getEncoder().encodeToString(png) + "\"}]}")
        .build());
    Path image = Files.write(dir.resolve("cat.png"), png);

    assertThat(ImageEdits.providers()).as("before the jar is on the class loader").doesNotContain(NAME);
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
      thread.setContextClassLoader(loader);
      assertThat(ImageEdits.providers()).contains(NAME);
      assertThat(ImageEdits.capabilities(NAME).models()).containsKey("jar-model-1");
      try (ImageEditClient client = ImageEdits.builder().provider(NAME).apiKey("jar-key")
          .baseUrl("http://127.0.0.1:" + server.getPort()).build();
           EditResult result = client.edit(EditRequest.builder().model("jar-model-1")
               .prompt("Add a red scarf").image(image).build())) {
        assertThat(client.provider()).isEqualTo(NAME);
        assertThat(result.provider()).isEqualTo(NAME);
        assertThat(result.images()).hasSize(1);
        assertThat(result.images().get(0).data().bytes()).isEqualTo(png);
      }
    } finally {
      thread.setContextClassLoader(before);
    }
    RecordedRequest request = server.takeRequest();
    assertThat(request.getTarget()).isEqualTo("/v7/edits");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer jar-key");
  }

  /** Compiles the adapter against core and packs it with its service registration. */
  private Path providerJar() throws IOException {
    Path sources = Files.createDirectories(dir.resolve("src/example/jarred"));
    Path source = Files.writeString(sources.resolve("Jarred.java"), SOURCE);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    String corePath = Path.of(URI(ProviderAdapter.class)).toString();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int status = javac.run(null, null, errors, "-d", classes.toString(), "-classpath", corePath,
        "--release", "17", source.toString());
    assertThat(status).as("javac: %s", errors.toString(UTF_8)).isZero();
    Path jar = dir.resolve("jarred-provider.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      put(out, "example/jarred/Jarred.class", Files.readAllBytes(classes.resolve("example/jarred/Jarred.class")));
      put(out, "META-INF/services/" + ProviderAdapter.class.getName(), "example.jarred.Jarred\n".getBytes(UTF_8));
    }
    return jar;
  }

  private static java.net.URI URI(Class<?> type) {
    try {
      return type.getProtectionDomain().getCodeSource().getLocation().toURI();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
    out.putNextEntry(new JarEntry(name));
    out.write(bytes);
    out.closeEntry();
  }

  private static byte[] png() throws IOException {
    BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB);
    image.setRGB(3, 4, 0xffcc2233);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
