package io.github.imageedits.client;

import io.github.imageedits.TransportException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A result download's body as {@code save} reads it: a read that fails (the connection broke, the
 * size cap was passed) becomes a {@link TransportException} naming the link, so that it is not
 * mistaken for a failure to write the file, which stays an {@link IOException}.
 */
final class DownloadStream extends FilterInputStream {
  private final String where;

  DownloadStream(InputStream body, String where) {
    super(body);
    this.where = where;
  }

  @Override
  public int read() throws IOException {
    try {
      return super.read();
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return super.read(b, off, len);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  private TransportException failed(IOException e) {
    // A GET of a result changes nothing at the provider: repeating it is always safe.
    return new TransportException("downloading " + where + " failed: " + e.getMessage()
        + "; nothing was saved", e, false);
  }
}
