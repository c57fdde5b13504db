package io.github.imageedits.testkit;

import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.EditedImage;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.ValidationReport;
import io.github.imageedits.capability.CapabilityTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** A client that forwards every call to {@code delegate}: self-tests override the call they break. */
class ForwardingClient implements ImageEditClient {
  final ImageEditClient delegate;

  ForwardingClient(ImageEditClient delegate) {
    this.delegate = delegate;
  }

  @Override
  public String provider() {
    return delegate.provider();
  }

  @Override
  public CapabilityTable capabilities() {
    return delegate.capabilities();
  }

  @Override
  public ValidationReport check(EditRequest request) {
    return delegate.check(request);
  }

  @Override
  public EditResult edit(EditRequest request) {
    return delegate.edit(request);
  }

  @Override
  public CompletableFuture<EditResult> editAsync(EditRequest request) {
    return delegate.editAsync(request);
  }

  @Override
  public Path save(EditedImage image, Path folder, String stem) throws IOException {
    return delegate.save(image, folder, stem);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
