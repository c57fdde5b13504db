package io.github.imageedits;

import static java.util.Objects.requireNonNull;

import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/** The loop behind {@link ImageEditClient#editAll}: a window of outstanding edits, no list of futures. */
final class Batch {
  private final BatchListener listener;
  private final Semaphore room;
  private final Map<Long, CompletableFuture<EditResult>> outstanding = new ConcurrentHashMap<>();
  private Throwable listenerFailure; // guarded by this
  private int shrunk; // permits kept because the client's queue was full; only the driving thread

  private Batch(BatchListener listener, int window) {
    this.listener = listener;
    this.room = new Semaphore(window);
  }

  static void run(ImageEditClient client, Iterable<EditRequest> requests, BatchListener listener, int window) {
    requireNonNull(requests, "requests == null");
    requireNonNull(listener, "listener == null");
    new Batch(listener, window).drive(client, requests.iterator(), window);
  }

  private void drive(ImageEditClient client, Iterator<EditRequest> requests, int window) {
    try {
      for (long index = 0; requests.hasNext() && !failed(); index++) {
        room.acquire();
        if (failed()) {
          room.release();
          break;
        }
        EditRequest request = requireNonNull(requests.next(), "a request == null");
        long at = index;
        CompletableFuture<EditResult> future = send(client, request);
        // The client's queue is smaller than the window: keep this permit (the window shrinks by
        // one) and send the request again once an outstanding edit has ended.
        while (queueFull(future) && !outstanding.isEmpty()) {
          shrunk++;
          room.acquire();
          future = send(client, request);
        }
        outstanding.put(at, future);
        future.whenComplete((result, failure) -> done(at, request, result, failure));
      }
      room.acquire(window - shrunk); // every outstanding edit has ended
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outstanding.values().forEach(f -> f.cancel(true));
      throw new CancellationException("editAll was interrupted");
    }
    synchronized (this) {
      if (listenerFailure instanceof RuntimeException r) throw r;
      if (listenerFailure instanceof Error e) throw e;
      if (listenerFailure instanceof java.io.IOException io) throw new UncheckedIOException(io);
      if (listenerFailure != null) throw new RuntimeException(listenerFailure);
    }
  }

  private static CompletableFuture<EditResult> send(ImageEditClient client, EditRequest request) {
    try {
      return client.editAsync(request);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static boolean queueFull(CompletableFuture<EditResult> future) {
    return future.isCompletedExceptionally()
        && future.handle((r, e) -> unwrap(e)).join() instanceof EditQueueFullException;
  }

  private synchronized boolean failed() {
    return listenerFailure != null;
  }

  private void done(long index, EditRequest request, EditResult result, Throwable failure) {
    outstanding.remove(index);
    try {
      synchronized (this) {
        if (listenerFailure != null) {
          if (result != null) result.close();
          return;
        }
        try {
          listener.onComplete(index, request, result, failure == null ? null : unwrap(failure));
        } catch (Exception | Error e) {
          listenerFailure = e;
        }
      }
    } finally {
      room.release();
    }
  }

  private static RuntimeException unwrap(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof RuntimeException r) return r;
    return new CompletionException(cause);
  }
}
