package io.github.imageedits.cli;

import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.EditTask;
import io.github.imageedits.EditTimeoutException;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.ImageEditException;
import io.github.imageedits.Option;
import io.github.imageedits.ProgressListener;
import io.github.imageedits.ProviderException;
import io.github.imageedits.TaskOptions;
import io.github.imageedits.TransportException;
import io.github.imageedits.ValidationException;
import io.github.imageedits.ValidationReport;
import io.github.imageedits.Violation;
import io.github.imageedits.capability.ProviderFeature;
import io.github.imageedits.capability.Support;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code imageedit batch}: many edits, each recorded in a crash-safe {@link Journal} in the output
 * folder, so that running the same command again finishes the batch without paying twice.
 */
@Command(
    name = "batch",
    mixinStandardHelpOptions = true,
    description = {
      "Edit every image of a folder (--images DIR --prompt TEXT), or one edit per line of a JSON-lines"
          + " manifest (--manifest FILE), saving results in --out DIR with a journal of every item.",
      "Every item is checked before the first request is sent. Run the same command again to finish an"
          + " interrupted batch: done items are skipped, failed ones retried, and an item that may have"
          + " been processed (and charged) is only listed, unless --resend-uncertain.",
      "Exit codes: 0 all done, 2 invalid input (nothing sent), 6 some items failed or are uncertain,"
          + " 1 a bug in imageedit."
    })
final class BatchCommand implements Callable<Integer> {
  /**
   * AceData makes a task only for a request with a callback URL. Under the reserved {@code .invalid}
   * domain (RFC 2606) it resolves nowhere, so nothing receives the callback; the batch polls the
   * task API instead and needs no public endpoint.
   */
  static final String NOWHERE = "https://callback.invalid/imageedit-batch";
  /** Where results are written before they are moved into place. */
  static final String STAGING = ".imageedit-staging";

  private final Map<String, String> env;
  private final boolean terminal;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @picocli.CommandLine.Option(names = "--images", paramLabel = "DIR",
      description = "Edit every png, jpeg and webp file in this folder (not its subfolders).")
  Path images;

  @picocli.CommandLine.Option(names = "--manifest", paramLabel = "FILE.jsonl",
      description = "One edit per line: {\"image\": \"a.png\" | [\"a.png\", …], \"prompt\": \"…\", \"name\": \"…\","
          + " \"mask\", \"model\", \"size\", … (the other edit options by their API names)}; paths are"
          + " relative to the manifest.")
  Path manifest;

  @picocli.CommandLine.Option(names = "--prompt", description = "What to change in every image (with --images).")
  String prompt;

  @picocli.CommandLine.Option(names = "--provider", description = "acedata, chainhub, azure, gemini, fal or sandbox.")
  String provider;

  @picocli.CommandLine.Option(names = "--base-url", paramLabel = "URL",
      description = "Replace the provider's API root (https, or http to loopback only).")
  String baseUrl;

  @picocli.CommandLine.Option(names = "--proxy", paramLabel = "URL",
      description = "Proxy for every call (http://host:port or socks5://host:port); else $HTTPS_PROXY,"
          + " $HTTP_PROXY or $ALL_PROXY. Hosts in $NO_PROXY and loopback addresses go direct.")
  String proxy;

  @Mixin EditOptions options = new EditOptions();

  @picocli.CommandLine.Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Folder for the results and the journal (" + Journal.FILE + "), created when missing.")
  Path out;

  @picocli.CommandLine.Option(names = "--concurrency", paramLabel = "N", defaultValue = "4",
      description = "Edits in flight at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @picocli.CommandLine.Option(names = "--async",
      description = "AceData's asynchronous tasks: the task id is journalled as soon as the provider accepts"
          + " the edit, so an interrupted batch polls its tasks again instead of paying again.")
  boolean async;

  @picocli.CommandLine.Option(names = "--resend-uncertain",
      description = "Send again the items that may already have been processed (they may be charged twice).")
  boolean resendUncertain;

  @picocli.CommandLine.Option(names = "--json", description = "Print exactly one JSON summary object on stdout.")
  boolean json;

  @picocli.CommandLine.Option(names = "--quiet", description = "No progress and no messages on stderr.")
  boolean quiet;

  BatchCommand(Map<String, String> env, boolean terminal) {
    this.env = env;
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    Report report = new Report(json, stdout, stderr, null);
    ProviderChoice choice;
    BatchItems batch;
    ProxySettings proxySettings;
    AzureSettings.Target target;
    try {
      if ((images == null) == (manifest == null)) {
        throw new IllegalArgumentException("give either --images DIR (with --prompt) or --manifest FILE");
      }
      if (images != null && prompt == null) throw new IllegalArgumentException("--images needs --prompt");
      if (manifest != null && prompt != null) {
        throw new IllegalArgumentException("--prompt goes with --images; a manifest gives each line's prompt");
      }
      if (concurrency < 1 || concurrency > 64) throw new IllegalArgumentException("--concurrency must be 1 to 64");
      choice = ProviderChoice.resolve(provider, env);
      report = report.speakingFor(choice);
      // Azure's endpoint, deployment and API version come from its variables (AZURE_OPENAI_*).
      target = AzureSettings.target(choice, baseUrl, null, null, env);
      proxySettings = ProxySettings.of(proxy, env);
      OutputFolder.check(out);
      batch = read(choice);
    } catch (IllegalArgumentException e) {
      return report.usage(e.getMessage());
    } catch (IOException e) {
      return report.usage("cannot read " + (images != null ? images : manifest) + ": " + e + "; nothing was sent");
    }
    try (Session session = Session.open(choice, env, target.baseUrl(), proxySettings, ProgressListener.NONE, target.adapter())) {
      ImageEditClient client = session.client();
      if (async && !client.capabilities().supports(ProviderFeature.TASK_RETRIEVAL)) {
        return report.usage("--async needs a provider with a task API (acedata); " + choice + " has none");
      }
      List<BatchItems.Item> items = prepare(batch, client);
      List<Violation> problems = problems(batch, items, client);
      if (!problems.isEmpty()) {
        long bad = problems.stream().map(v -> v.field()).distinct().count();
        return report.invalidItems(bad + " of " + (items.size() + batch.problems.size()) + " items of "
            + (images != null ? images : manifest) + " are invalid; nothing was sent", problems);
      }
      if (items.isEmpty()) {
        return report.usage((images != null ? "no png, jpeg or webp file in " + images : manifest + " has no edits")
            + "; nothing was sent");
      }
      try (Journal journal = Journal.open(out)) {
        List<String> changed = new ArrayList<>();
        for (BatchItems.Item item : items) {
          Journal.Entry entry = journal.entries().get(item.name());
          if (entry != null && entry.request != null && !entry.request.equals(item.fingerprint())) {
            changed.add(item.name() + " (" + item.where() + ")");
          }
        }
        if (!changed.isEmpty()) {
          return report.usage("the journal in " + out + " was written for other edits of " + String.join(", ", changed)
              + ": use another --out, or move " + Journal.FILE + " away to start over; nothing was sent");
        }
        return new Run(client, journal, items, choice, report, stdout, stderr).run();
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      return report.usage(e.getMessage());
    } catch (IOException e) {
      return report.usage("the journal in " + out + " cannot be used: " + e);
    }
  }

  private BatchItems read(ProviderChoice choice) throws IOException {
    if (manifest != null) {
      if (!Files.isRegularFile(manifest)) throw new IllegalArgumentException("--manifest " + manifest + ": no such file");
      return BatchItems.manifest(manifest, options, choice);
    }
    if (!Files.isDirectory(images)) throw new IllegalArgumentException("--images " + images + ": no such folder");
    if (Files.exists(out) && Files.isSameFile(images, out)) {
      throw new IllegalArgumentException("--out must not be the --images folder: results would become inputs");
    }
    return BatchItems.folder(images, prompt, options, choice);
  }

  /**
   * The requests as they will be sent: named by {@code user} when the model honours it (so a
   * provider, or the emulator's charge counter, can tell the items apart; AceData and ChainHub
   * ignore it, so it is not sent to them), and in async mode with a callback URL.
   */
  private List<BatchItems.Item> prepare(BatchItems batch, ImageEditClient client) {
    List<BatchItems.Item> prepared = new ArrayList<>();
    for (BatchItems.Item item : batch.items) {
      EditRequest request = item.request();
      EditRequest.Builder b = request.toBuilder();
      if (request.user() == null
          && client.capabilities().model(request.model()).support(Option.USER) == Support.HONOURED) {
        b.user(item.name());
      }
      if (async) b.callbackUrl(NOWHERE);
      prepared.add(new BatchItems.Item(item.name(), item.where(), b.build(), item.fingerprint()));
    }
    return prepared;
  }

  /** Every problem of every item, each prefixed with where it comes from. */
  private static List<Violation> problems(BatchItems batch, List<BatchItems.Item> items, ImageEditClient client) {
    List<Violation> problems = new ArrayList<>();
    for (BatchItems.Problem p : batch.problems) {
      problems.add(new Violation(p.where(), null, p.message(), null, client.provider(), p.where() + ": " + p.message()));
    }
    for (BatchItems.Item item : items) {
      ValidationReport check = client.check(item.request());
      for (Violation v : check.errors()) {
        problems.add(new Violation(item.where(), v.value(), v.limit(), v.model(), v.provider(),
            item.where() + ": " + v.message()));
      }
    }
    problems.sort((a, b) -> compareWhere(a.field(), b.field()));
    return problems;
  }

  private static int compareWhere(String a, String b) {
    if (a.startsWith("line ") && b.startsWith("line ")) {
      return Integer.compare(Integer.parseInt(a.substring(5)), Integer.parseInt(b.substring(5)));
    }
    return a.compareTo(b);
  }

  /** How an item ended in this run (or before it). */
  record Outcome(String status, List<String> files, String kind, String message) {}

  /** One run of a batch over its journal. */
  private final class Run {
    private final ImageEditClient client;
    private final Journal journal;
    private final List<BatchItems.Item> items;
    private final ProviderChoice choice;
    private final Report report;
    private final PrintWriter stdout;
    private final PrintWriter stderr;
    private final Semaphore slots = new Semaphore(concurrency);
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private final Object naming = new Object();
    private final TaskOptions taskOptions = TaskOptions.builder().deadline(Duration.ofMinutes(30))
        .pollInterval(Duration.ofSeconds(1)).maxPollInterval(Duration.ofSeconds(15)).build();
    private final BatchProgress progress;
    private volatile IOException journalFailure;
    private int doneBefore;
    private int resumed;

    Run(ImageEditClient client, Journal journal, List<BatchItems.Item> items, ProviderChoice choice, Report report,
        PrintWriter stdout, PrintWriter stderr) {
      this.client = client;
      this.journal = journal;
      this.items = items;
      this.choice = choice;
      this.report = report;
      this.stdout = stdout;
      this.stderr = stderr;
      this.progress = new BatchProgress(items.size(), concurrency, () -> concurrency - slots.availablePermits(),
          stderr, terminal && !quiet && !json);
    }

    int run() throws IOException {
      cleanStaging();
      List<BatchItems.Item> send = new ArrayList<>();
      List<BatchItems.Item> resume = new ArrayList<>();
      for (BatchItems.Item item : items) {
        Journal.Entry entry = journal.entries().get(item.name());
        if (entry == null) {
          journal.queued(item.name(), item.fingerprint());
          send.add(item);
          continue;
        }
        switch (entry.status) {
          case DONE -> {
            outcomes.put(item.name(), new Outcome("done", entry.files, null, null));
            doneBefore++;
          }
          case QUEUED -> send.add(item);
          default -> {
            if (entry.taskId != null) {
              resume.add(item); // accepted by the provider: poll it, never pay again
            } else if (entry.status == Journal.Status.FAILED || resendUncertain) {
              send.add(item);
            } else {
              outcomes.put(item.name(), new Outcome("uncertain", List.of(), entry.kind != null ? entry.kind : "sent",
                  entry.message != null ? entry.message
                      : "sent, but the run ended before an answer: the provider may have processed (and charged) it"));
            }
          }
        }
      }
      journal.force();
      resumed = resume.size();
      progress.done.set(doneBefore);
      progress.uncertain.set((int) outcomes.values().stream().filter(o -> o.status().equals("uncertain")).count());
      // I14-flow's batch API and flow limiter take over the pacing below once merged: items then go
      // through client.editAll(...) under the client's adaptive limit instead of this fixed semaphore.
      ExecutorService submitter = async ? Executors.newFixedThreadPool(concurrency, r -> {
        Thread t = new Thread(r, "imageedit-batch-submit");
        t.setDaemon(true);
        return t;
      }) : null;
      try (BatchProgress shown = progress.start()) {
        for (BatchItems.Item item : resume) {
          if (!acquire()) break;
          String taskId = journal.entries().get(item.name()).taskId;
          follow(item, taskId, () -> client.resume(taskId, taskOptions).future());
        }
        for (BatchItems.Item item : send) {
          if (!acquire()) break;
          if (submitter != null) submitter.execute(() -> submit(item));
          else send(item);
        }
        slots.acquireUninterruptibly(concurrency); // every item in flight has ended
      } finally {
        if (submitter != null) submitter.shutdownNow();
      }
      try {
        Files.deleteIfExists(out.resolve(STAGING));
      } catch (IOException e) {
        // not empty (a save failed half way) or not ours to remove: the next run cleans it
      }
      return summary();
    }

    /** A slot for one more item, unless the journal failed (then nothing more is sent). */
    private boolean acquire() {
      slots.acquireUninterruptibly();
      if (journalFailure == null) return true;
      slots.release();
      return false;
    }

    private void send(BatchItems.Item item) {
      try {
        journal.sent(item.name(), null); // forced: from here on, the item may be charged
      } catch (IOException e) {
        journalFailed(e);
        return;
      }
      CompletableFuture<EditResult> edit;
      try {
        edit = client.editAsync(item.request());
      } catch (RuntimeException e) {
        edit = CompletableFuture.failedFuture(e);
      }
      edit.whenComplete((result, error) -> finish(item, null, result, error));
    }

    private void submit(BatchItems.Item item) {
      String traceId = UUID.randomUUID().toString();
      EditTask task;
      try {
        journal.sent(item.name(), traceId);
      } catch (IOException e) {
        journalFailed(e);
        return;
      }
      try {
        task = client.submit(item.request(), taskOptions.toBuilder().traceId(traceId).build());
      } catch (RuntimeException e) {
        finish(item, null, null, e);
        return;
      }
      String taskId = task.taskId();
      try {
        journal.task(item.name(), taskId); // before anything else: a crash from here on polls, never pays
      } catch (IOException e) {
        task.future().cancel(true);
        journalFailed(e);
        return;
      }
      follow(item, taskId, task::future);
    }

    private void follow(BatchItems.Item item, String taskId, java.util.function.Supplier<CompletableFuture<EditResult>> start) {
      CompletableFuture<EditResult> future;
      try {
        future = start.get();
      } catch (RuntimeException e) {
        future = CompletableFuture.failedFuture(e);
      }
      future.whenComplete((result, error) -> finish(item, taskId, result, error));
    }

    private void journalFailed(IOException e) {
      journalFailure = e;
      slots.release();
    }

    /** Records how an item ended; runs on the client's threads. Always frees the item's slot. */
    private void finish(BatchItems.Item item, String taskId, EditResult result, Throwable error) {
      try {
        if (error != null) {
          failed(item, taskId, error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
          return;
        }
        List<String> files;
        try (result) {
          files = save(result, item.name());
        } catch (IOException | ImageEditException e) {
          // Done (and paid for), but not saved: sending again pays again, so it is uncertain; a
          // task keeps its id and is polled again next time.
          String message = "the edit was done but its result could not be saved: " + e.getMessage();
          journal.failed(item.name(), "save", true, true, message);
          outcomes.put(item.name(), new Outcome("uncertain", List.of(), "save", message));
          progress.uncertain.incrementAndGet();
          return;
        }
        journal.done(item.name(), files);
        outcomes.put(item.name(), new Outcome("done", files, null, null));
        progress.done.incrementAndGet();
        progress.doneNow.incrementAndGet();
        if (!json) {
          synchronized (stdout) {
            files.forEach(f -> stdout.println(out.resolve(f)));
            stdout.flush();
          }
        }
      } catch (IOException e) {
        journalFailure = e;
      } finally {
        slots.release();
      }
    }

    private void failed(BatchItems.Item item, String taskId, Throwable error) throws IOException {
      String kind;
      boolean uncertain;
      boolean keepTask = true;
      if (error instanceof ValidationException) {
        kind = "validation";
        uncertain = false;
      } else if (error instanceof ProviderException p) {
        kind = "provider";
        uncertain = false;
        // The provider judged the edit itself (a 4xx other than auth, timeout, or limits): that task
        // is over. Anything else leaves the task to be polled again.
        int s = p.status();
        keepTask = !(s >= 400 && s < 500 && s != 401 && s != 403 && s != 408 && s != 429);
      } else if (error instanceof EditTimeoutException t) {
        kind = "timeout";
        uncertain = t.requestMayHaveBeenProcessed();
      } else if (error instanceof TransportException t) {
        kind = "transport";
        uncertain = t.requestMayHaveBeenProcessed();
      } else if (error instanceof ImageEditException) {
        kind = "error";
        uncertain = false;
      } else {
        kind = "bug";
        uncertain = true; // not known what happened
      }
      String message = choice.speak(String.valueOf(error.getMessage()));
      journal.failed(item.name(), kind, uncertain, keepTask, message);
      boolean resumable = taskId != null && keepTask;
      String status = uncertain && !resumable ? "uncertain" : "failed";
      outcomes.put(item.name(), new Outcome(status, List.of(), kind, message));
      (status.equals("uncertain") ? progress.uncertain : progress.failed).incrementAndGet();
    }

    /**
     * Saves each image under a staging name, forces it to the device, then moves it atomically to
     * a free name ({@code name.ext}, {@code name-1.ext}, … never replacing a file) and forces the
     * folder: once {@code done} is journalled, the files are whole and in place.
     */
    private List<String> save(EditResult result, String name) throws IOException {
      Path staging = Files.createDirectories(out.resolve(STAGING));
      List<String> files = new ArrayList<>();
      for (int i = 0; i < result.images().size(); i++) {
        Path temp = client.save(result.images().get(i), staging, name + "." + UUID.randomUUID());
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
          channel.force(true);
        }
        String file = temp.getFileName().toString();
        String extension = file.substring(file.lastIndexOf('.'));
        synchronized (naming) {
          String stem = name + (i == 0 ? "" : "-" + i);
          Path target = out.resolve(stem + extension);
          for (int n = 1; Files.exists(target); n++) target = out.resolve(stem + "~" + n + extension);
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
          files.add(target.getFileName().toString());
        }
      }
      Journal.syncFolder(out);
      return files;
    }

    /** Leftovers of a run killed while saving: their items are not done, so the files are no result. */
    private void cleanStaging() throws IOException {
      Path staging = out.resolve(STAGING);
      if (!Files.isDirectory(staging)) return;
      try (Stream<Path> files = Files.list(staging)) {
        for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
      }
    }

    private int summary() {
      int done = 0;
      List<String> failed = new ArrayList<>();
      List<String> uncertain = new ArrayList<>();
      int notSent = 0;
      for (BatchItems.Item item : items) {
        Outcome o = outcomes.get(item.name());
        if (o == null) notSent++;
        else if (o.status().equals("done")) done++;
        else if (o.status().equals("failed")) failed.add(item.name() + ": " + o.message());
        else uncertain.add(item.name() + ": " + o.message());
      }
      int code = done == items.size() ? ImageEditCommand.OK : ImageEditCommand.SOME_FAILED;
      if (json) {
        int doneTotal = done;
        int notSentTotal = notSent;
        report.print(w -> {
          w.beginObject();
          w.name("provider").value(choice.toString());
          w.name("journal").value(journal.path().toString());
          w.name("total").value(items.size());
          w.name("done").value(doneTotal);
          w.name("done_before").value(doneBefore);
          w.name("tasks_resumed").value(resumed);
          w.name("failed").value(failed.size());
          w.name("uncertain").value(uncertain.size());
          w.name("not_sent").value(notSentTotal);
          w.name("journal_error").value(journalFailure == null ? null : journalFailure.toString());
          w.name("items").beginArray();
          for (BatchItems.Item item : items) {
            Outcome o = outcomes.get(item.name());
            w.beginObject().name("name").value(item.name());
            w.name("status").value(o == null ? "not_sent" : o.status());
            w.name("files").beginArray();
            if (o != null) for (String f : o.files()) w.value(out.resolve(f).toString());
            w.endArray();
            w.name("kind").value(o == null ? null : o.kind());
            w.name("message").value(o == null ? null : o.message());
            w.endObject();
          }
          w.endArray();
          w.endObject();
        });
        return code;
      }
      if (quiet) return code;
      stderr.println("imageedit: batch of " + items.size() + ": " + done + " done"
          + (doneBefore > 0 ? " (" + doneBefore + " before this run)" : "")
          + (resumed > 0 ? " (" + resumed + " tasks resumed)" : "") + ", " + failed.size() + " failed, "
          + uncertain.size() + " uncertain" + (notSent > 0 ? ", " + notSent + " not sent" : "")
          + "; journal " + journal.path());
      failed.forEach(f -> stderr.println("  failed     " + f));
      uncertain.forEach(u -> stderr.println("  uncertain  " + u));
      if (journalFailure != null) {
        stderr.println("imageedit: the journal could not be written (" + journalFailure + "); nothing more was sent");
      }
      if (!failed.isEmpty() || notSent > 0) stderr.println("Run the same command again to retry the failed items.");
      if (!uncertain.isEmpty()) {
        stderr.println("Uncertain items may have been processed and charged: check with the provider, then run"
            + " again with --resend-uncertain to send them again (they may be charged twice).");
      }
      return code;
    }
  }
}
