package io.github.imageedits.transport.retrofit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The streaming base64 decoder")
class Base64DecoderTest {
  private static byte[] decode(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Base64Decoder decoder = new Base64Decoder(out);
    for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) decoder.accept(b & 0xFF);
    decoder.finish();
    return out.toByteArray();
  }

  @Test
  @DisplayName("agrees with java.util.Base64 for every length from 0 to 300 and every flavour")
  void agreesWithJdk() throws IOException {
    Random random = new Random(42);
    for (int length = 0; length <= 300; length++) {
      byte[] data = new byte[length];
      random.nextBytes(data);
      assertThat(decode(Base64.getEncoder().encodeToString(data))).isEqualTo(data);
      assertThat(decode(Base64.getEncoder().withoutPadding().encodeToString(data))).isEqualTo(data);
      assertThat(decode(Base64.getUrlEncoder().encodeToString(data))).isEqualTo(data);
      assertThat(decode(Base64.getMimeEncoder().encodeToString(data))).isEqualTo(data);
    }
  }

  @Test
  @DisplayName("decodes a value larger than its own buffer")
  void large() throws IOException {
    byte[] data = new byte[100_000];
    new Random(7).nextBytes(data);
    assertThat(decode(Base64.getEncoder().encodeToString(data))).isEqualTo(data);
  }

  @Test
  @DisplayName("rejects characters outside the alphabet, data after padding, and a dangling character")
  void rejects() {
    assertThatThrownBy(() -> decode("iVBO*w0K")).isInstanceOf(IOException.class).hasMessageContaining("not base64");
    assertThatThrownBy(() -> decode("QQ==QQ==")).isInstanceOf(IOException.class).hasMessageContaining("after its padding");
    assertThatThrownBy(() -> decode("QUJDR")).isInstanceOf(IOException.class).hasMessageContaining("middle of a byte");
    assertThatThrownBy(() -> decode("QUJ\u00e9")).isInstanceOf(IOException.class);
  }
}
