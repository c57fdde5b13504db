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

  /** The same text given in blocks of random sizes, through the block path. */
  private static byte[] decodeInBlocks(String text, Random random) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Base64Decoder decoder = new Base64Decoder(out);
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < bytes.length; ) {
      int n = Math.min(bytes.length - i, 1 + random.nextInt(40));
      byte[] block = new byte[n + 6]; // at an offset, with bytes around it that must not be read
      java.util.Arrays.fill(block, (byte) '*');
      System.arraycopy(bytes, i, block, 3, n);
      decoder.accept(block, 3, n);
      i += n;
    }
    decoder.finish();
    return out.toByteArray();
  }

  @Test
  @DisplayName("decodes blocks of any size and alignment as it decodes one character at a time")
  void blocks() throws IOException {
    Random random = new Random(11);
    for (int length = 0; length <= 300; length++) {
      byte[] data = new byte[length];
      random.nextBytes(data);
      for (String text : new String[] {
          Base64.getEncoder().encodeToString(data),
          Base64.getEncoder().withoutPadding().encodeToString(data),
          Base64.getUrlEncoder().encodeToString(data),
          Base64.getMimeEncoder().encodeToString(data),
          Base64.getMimeEncoder(10, " \t".getBytes(StandardCharsets.US_ASCII)).encodeToString(data)}) {
        assertThat(decodeInBlocks(text, random)).as(text).isEqualTo(data);
      }
    }
    byte[] large = new byte[100_000]; // past the decoder's own buffer, several times
    random.nextBytes(large);
    assertThat(decodeInBlocks(Base64.getEncoder().encodeToString(large), random)).isEqualTo(large);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Base64Decoder decoder = new Base64Decoder(out);
    byte[] text = Base64.getEncoder().encode(large);
    decoder.accept(text, 0, text.length); // one block
    decoder.finish();
    assertThat(out.toByteArray()).isEqualTo(large);
  }

  @Test
  @DisplayName("rejects in blocks what it rejects one character at a time")
  void rejectsBlocks() {
    Random random = new Random(5);
    assertThatThrownBy(() -> decodeInBlocks("iVBORw0K*w0KGgoAAAAN", random))
        .isInstanceOf(IOException.class).hasMessageContaining("not base64 (code 42)");
    assertThatThrownBy(() -> decodeInBlocks("QUJD\u00e9QUJD", random)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> decodeInBlocks("QUJDQQ==QUJDQUJDQUJD", random))
        .isInstanceOf(IOException.class).hasMessageContaining("after its padding");
    assertThatThrownBy(() -> decodeInBlocks("QUJDQUJDR", random))
        .isInstanceOf(IOException.class).hasMessageContaining("middle of a byte");
  }

  /**
   * The text after {@code lead} characters given one at a time (so that blocks start anywhere in a
   * group), then in whole blocks through acceptBlock, and what it refuses, through accept.
   */
  private static byte[] decodeThroughBlocks(String text, int lead) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Base64Decoder decoder = new Base64Decoder(out);
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    int i = 0;
    for (; i < Math.min(lead, bytes.length); i++) decoder.accept(bytes[i] & 0xFF);
    for (; bytes.length - i >= Base64Decoder.BLOCK; i += Base64Decoder.BLOCK) {
      byte[] block = java.util.Arrays.copyOfRange(bytes, i, i + Base64Decoder.BLOCK);
      if (!decoder.acceptBlock(block)) decoder.accept(block, 0, block.length);
    }
    decoder.accept(bytes, i, bytes.length - i);
    decoder.finish();
    return out.toByteArray();
  }

  @Test
  @DisplayName("decodes whole blocks as it decodes one character at a time, whatever the flavour and alignment")
  void wholeBlocks() throws IOException {
    Random random = new Random(3);
    int block = Base64Decoder.BLOCK / 4 * 3;
    for (int length : new int[] {block - 1, block, 2 * block, 2 * block + 1, 2 * block + 2, 200_000}) {
      byte[] data = new byte[length];
      random.nextBytes(data);
      for (String text : new String[] {
          Base64.getEncoder().encodeToString(data),
          Base64.getEncoder().withoutPadding().encodeToString(data),
          Base64.getUrlEncoder().encodeToString(data),
          Base64.getMimeEncoder().encodeToString(data)}) {
        for (int lead = 0; lead < 4; lead++) {
          assertThat(decodeThroughBlocks(text, lead)).as("length %d, lead %d", length, lead).isEqualTo(data);
        }
      }
    }
  }

  @Test
  @DisplayName("refuses a block it cannot take whole, having decoded nothing of it")
  void refusedBlocks() throws IOException {
    byte[] plain = new byte[Base64Decoder.BLOCK];
    java.util.Arrays.fill(plain, (byte) 'Q');
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Base64Decoder decoder = new Base64Decoder(out);
    assertThat(decoder.acceptBlock(plain)).isTrue();
    assertThat(out.size()).isEqualTo(Base64Decoder.BLOCK / 4 * 3);

    byte[] padded = plain.clone();
    padded[padded.length - 1] = '=';
    byte[] bad = plain.clone();
    bad[1000] = '*';
    for (byte[] block : new byte[][] {padded, bad}) {
      assertThat(decoder.acceptBlock(block)).isFalse();
      assertThat(out.size()).isEqualTo(Base64Decoder.BLOCK / 4 * 3);
    }
    assertThatThrownBy(() -> decoder.accept(bad, 0, bad.length)).isInstanceOf(IOException.class)
        .hasMessageContaining("not base64 (code 42)");

    Base64Decoder midGroup = new Base64Decoder(new ByteArrayOutputStream());
    midGroup.accept('Q');
    assertThat(midGroup.acceptBlock(plain)).as("a group is half done").isFalse();
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
