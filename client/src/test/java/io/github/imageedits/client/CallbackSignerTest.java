package io.github.imageedits.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Callback URL signing")
class CallbackSignerTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(UTF_8);
  private final CallbackSigner signer = new CallbackSigner(SECRET, "acedata");

  @Test
  @DisplayName("appends the correlation id and its token to the URL, keeping the URL's own query")
  void signs() {
    String id = CallbackSigner.newCorrelationId();
    URI plain = signer.sign(URI.create("https://app.example.com/cb"), id);
    assertThat(plain.toString()).isEqualTo("https://app.example.com/cb?imageedits_task=" + id
        + "&imageedits_sig=" + signer.token(id));
    URI withQuery = signer.sign(URI.create("https://app.example.com/cb?tenant=7"), id);
    assertThat(withQuery.getRawQuery()).startsWith("tenant=7&imageedits_task=" + id + "&imageedits_sig=");
    Map<String, String> params = CallbackSigner.parameters(withQuery.getRawQuery());
    assertThat(params).containsEntry("tenant", "7").containsEntry("imageedits_task", id);
    assertThat(signer.verify(params.get("imageedits_task"), params.get("imageedits_sig"))).isTrue();
  }

  @Test
  @DisplayName("gives each submission a fresh 128-bit id")
  void freshIds() {
    String a = CallbackSigner.newCorrelationId();
    String b = CallbackSigner.newCorrelationId();
    assertThat(a).isNotEqualTo(b).matches("[A-Za-z0-9_-]{22}");
  }

  @Test
  @DisplayName("accepts only the token made with the same secret, provider and id")
  void verifies() {
    String id = CallbackSigner.newCorrelationId();
    String token = signer.token(id);
    assertThat(signer.verify(id, token)).isTrue();
    assertThat(signer.verify(CallbackSigner.newCorrelationId(), token)).as("another id").isFalse();
    assertThat(new CallbackSigner(SECRET, "chainhub").verify(id, token)).as("another provider").isFalse();
    assertThat(new CallbackSigner("another secret of thirty-two bytes!".getBytes(UTF_8), "acedata").verify(id, token))
        .as("another secret").isFalse();
    assertThat(signer.verify(id, token.substring(1))).as("cut short").isFalse();
    assertThat(signer.verify(id, token + "AA")).as("lengthened").isFalse();
    assertThat(signer.verify(id, "%%%")).as("not base64url").isFalse();
    assertThat(signer.verify(id, "")).isFalse();
    assertThat(signer.verify("../../etc", signer.token("../../etc"))).as("an id we never make").isFalse();
    assertThat(signer.verify(id, "A".repeat(10_000))).as("absurdly long").isFalse();
  }

  @Test
  @DisplayName("reads a parameter given twice as absent, so an ambiguous URL never counts as signed")
  void duplicates() {
    Map<String, String> params = CallbackSigner.parameters("imageedits_sig=a&imageedits_sig=b&x=%41&bad=%zz&flag");
    assertThat(params).containsEntry("imageedits_sig", null).containsEntry("x", "A").containsEntry("flag", "")
        .doesNotContainKey("bad");
    assertThat(CallbackSigner.parameters(null)).isEmpty();
    assertThat(CallbackSigner.parameters("")).isEmpty();
  }

  @Test
  @DisplayName("refuses settings with a short secret, a fragment, or plain http beyond loopback")
  void settings() {
    assertThatThrownBy(() -> CallbackSettings.builder(URI.create("https://a.example/cb")).secret(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CallbackSettings.builder(URI.create("http://a.example/cb")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain http");
    assertThatThrownBy(() -> CallbackSettings.builder(URI.create("https://a.example/cb#x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CallbackSettings.builder(URI.create("/relative")))
        .isInstanceOf(IllegalArgumentException.class);
    CallbackSettings local = CallbackSettings.builder(URI.create("http://127.0.0.1:9/cb")).secret(SECRET).build();
    assertThat(local.toString()).doesNotContain(new String(SECRET, UTF_8));
    assertThat(local.secret()).isEqualTo(SECRET).isNotSameAs(local.secret());
  }

  @Test
  @DisplayName("reads a body up to its limit, and fails one byte past it without reading further")
  void limitedStream() throws IOException {
    byte[] body = new byte[100];
    try (InputStream exact = new LimitedInputStream(new ByteArrayInputStream(body), 100)) {
      assertThat(exact.readAllBytes()).hasSize(100);
    }
    ByteArrayInputStream beneath = new ByteArrayInputStream(new byte[1000]);
    InputStream over = new LimitedInputStream(beneath, 100);
    assertThatThrownBy(over::readAllBytes).isInstanceOf(LimitedInputStream.TooLarge.class);
    assertThat(1000 - beneath.available()).as("bytes taken from the stream beneath").isEqualTo(101);
    assertThatThrownBy(over::read).isInstanceOf(LimitedInputStream.TooLarge.class);
  }
}
