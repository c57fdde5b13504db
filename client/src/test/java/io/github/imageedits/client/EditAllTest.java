package io.github.imageedits.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.imageedits.EditRequest;
import io.github.imageedits.FlowListener;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.ImageSource;
import io.github.imageedits.spi.Transport;
import io.github.imageedits.spi.WireReply;
import io.github.imageedits.spi.WireRequest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.BitSet;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The batch API: a lazy iterable in, outcomes out as they complete, memory bounded. */
@DisplayName("editAll")
class EditAllTest {
  /** Answers every edit at once with one tiny image, without a network; counts calls running. */
  static class InstantTransport implements Transport {
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostRunning = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();
    private final Map<String, Object> reply;

    InstantTransport(byte[] png) {
      reply = Map.of("created", 1, "data", List.of(Map.of("b64_json", Base64.getEncoder().encodeToString(png))));
    }

    @Override
    public Call newCall(WireRequest request) {
      return new Call() {
        @Override
        public WireReply execute() {
          mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
          try {
            calls.incrementAndGet();
            return new WireReply(200, Map.of("content-type", List.of("application/json")), reply, null);
          } finally {
            running.decrementAndGet();
          }
        }

        @Override
        public void cancel() {}
      };
    }

    @Override
    public Download download(URI url, long maxBytes) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }

  private static byte[] png() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), "png", out);
    return out.toByteArray();
  }

  /** Makes requests only when asked: no list of 100,000 requests either. */
  private static Iterable<EditRequest> requests(byte[] png, int n) {
    return () -> new Iterator<>() {
      int made;

      @Override
      public boolean hasNext() {
        return made < n;
      }

      @Override
      public EditRequest next() {
        made++;
        return EditRequest.builder().model("plain-1").prompt("p").image(ImageSource.bytes("in.png", png)).build();
      }
    };
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  @DisplayName("100,000 requests: every outcome once, with at most 256 edits queued or running at any time")
  void hundredThousand() throws IOException {
    byte[] png = png();
    InstantTransport transport = new InstantTransport(png);
    AtomicInteger mostQueued = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    FlowListener listener = new FlowListener() {
      @Override
      public void onQueued(String provider, int queueLength) {
        mostQueued.accumulateAndGet(queueLength, Math::max);
      }

      @Override
      public void onDispatched(String provider, Duration queueWait, int inFlight, int queueLength) {
        mostInFlight.accumulateAndGet(inFlight, Math::max);
      }
    };
    BitSet seen = new BitSet();
    AtomicInteger failures = new AtomicInteger();
    try (ImageEditClient client = ImageEdits.builder().provider(new BorrowedTransportTest.Plain()).apiKey("k")
        .transport(transport).flowListener(listener).build()) {
      client.editAll(requests(png, 100_000), (index, request, result, failure) -> {
        if (failure != null) failures.incrementAndGet();
        else result.close();
        assertThat(seen.get((int) index)).as("outcome %d twice", index).isFalse();
        seen.set((int) index);
      });
    }
    assertThat(failures).hasValue(0);
    assertThat(seen.cardinality()).isEqualTo(100_000);
    assertThat(transport.calls).hasValue(100_000);
    assertThat(mostQueued.get()).as("queued at most").isLessThanOrEqualTo(ImageEditClient.EDIT_ALL_WINDOW);
    assertThat(mostInFlight.get()).as("running at most").isLessThanOrEqualTo(AdaptiveLimiter.CEILING);
  }

  @Test
  @DisplayName("a client queue smaller than the window: editAll waits for room instead of failing edits")
  void smallQueue() throws IOException {
    byte[] png = png();
    InstantTransport transport = new InstantTransport(png) {
      @Override
      public Call newCall(WireRequest request) {
        Call instant = super.newCall(request);
        return new Call() {
          @Override
          public WireReply execute() {
            try {
              Thread.sleep(2);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return instant.execute();
          }

          @Override
          public void cancel() {}
        };
      }
    };
    AtomicInteger failures = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    try (ImageEditClient client = ImageEdits.builder().provider(new BorrowedTransportTest.Plain()).apiKey("k")
        .transport(transport).maxConcurrentEdits(1).maxQueuedEdits(2).build()) {
      client.editAll(requests(png, 60), (index, request, result, failure) -> {
        if (failure != null) failures.incrementAndGet();
        else result.close();
        done.incrementAndGet();
      });
    }
    assertThat(failures).hasValue(0);
    assertThat(done).hasValue(60);
    assertThat(transport.mostRunning).hasValue(1);
  }

  @Test
  @DisplayName("a listener that throws stops the batch; its exception comes back")
  void listenerThrows() throws IOException {
    byte[] png = png();
    InstantTransport transport = new InstantTransport(png);
    try (ImageEditClient client = ImageEdits.builder().provider(new BorrowedTransportTest.Plain()).apiKey("k")
        .transport(transport).build()) {
      assertThatThrownBy(() -> client.editAll(requests(png, 10_000), (index, request, result, failure) -> {
        result.close();
        if (index == 5) throw new IOException("disk full");
      })).isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("disk full");
    }
    assertThat(transport.calls.get()).as("no request taken after the failure, beyond the window")
        .isLessThan(10_000);
  }
}
