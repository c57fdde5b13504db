package io.github.imageedits;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Bounds on waiting for one request, overriding the client's: connect, write (each write of the
 * upload), read (each wait for reply bytes, the first included) and the whole call. A bound left
 * unset keeps the client's value. With retries, each attempt has these bounds.
 *
 * <pre>{@code
 * EditRequest request = EditRequest.builder()
 *     .model("gpt-image-2").prompt("…").image(Path.of("big.png"))
 *     .timeouts(Timeouts.builder().read(Duration.ofMinutes(8)).call(Duration.ofMinutes(10)).build())
 *     .build();
 * }</pre>
 */
public final class Timeouts {
  private final Duration connect;
  private final Duration write;
  private final Duration read;
  private final Duration call;

  private Timeouts(Builder b) {
    this.connect = b.connect;
    this.write = b.write;
    this.read = b.read;
    this.call = b.call;
  }

  /** Starts timeouts with every bound unset (the client's). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these bounds, to derive changed timeouts. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.connect = connect;
    b.write = write;
    b.read = read;
    b.call = call;
    return b;
  }

  /** The connect timeout, or null for the client's. */
  public @Nullable Duration connect() {
    return connect;
  }

  /** The write timeout, or null for the client's. */
  public @Nullable Duration write() {
    return write;
  }

  /** The read timeout, or null for the client's. */
  public @Nullable Duration read() {
    return read;
  }

  /** The whole-call timeout, or null for the client's. */
  public @Nullable Duration call() {
    return call;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Timeouts t && Objects.equals(connect, t.connect) && Objects.equals(write, t.write)
        && Objects.equals(read, t.read) && Objects.equals(call, t.call);
  }

  @Override
  public int hashCode() {
    return Objects.hash(connect, write, read, call);
  }

  @Override
  public String toString() {
    return "Timeouts[connect=" + connect + ", write=" + write + ", read=" + read + ", call=" + call + "]";
  }

  /** Builds {@link Timeouts}; every bound is optional and positive. */
  public static final class Builder {
    private Duration connect;
    private Duration write;
    private Duration read;
    private Duration call;

    private Builder() {}

    public Builder connect(Duration timeout) {
      this.connect = positive(timeout, "connect");
      return this;
    }

    public Builder write(Duration timeout) {
      this.write = positive(timeout, "write");
      return this;
    }

    public Builder read(Duration timeout) {
      this.read = positive(timeout, "read");
      return this;
    }

    public Builder call(Duration timeout) {
      this.call = positive(timeout, "call");
      return this;
    }

    public Timeouts build() {
      return new Timeouts(this);
    }

    private static Duration positive(Duration d, String name) {
      requireNonNull(d, name + " == null");
      if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive: " + d);
      return d;
    }
  }
}
