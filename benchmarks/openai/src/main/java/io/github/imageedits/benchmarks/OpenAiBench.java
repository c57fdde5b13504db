package io.github.imageedits.benchmarks;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.ObjectMappers;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImagesResponse;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The peer: the official OpenAI Java SDK, used as its README shows, with the base URL AceData
 * documents for OpenAI SDK users ({@code <root>/openai}).
 */
public final class OpenAiBench implements BenchClient {
  private final OpenAIClient client;

  private OpenAiBench(String stubRoot) {
    OpenAIOkHttpClient.Builder builder =
        OpenAIOkHttpClient.builder().baseUrl(stubRoot + "/openai").apiKey(API_KEY);
    // Not in the table: -Dbench.openai.maxStringLength=N lifts Jackson's 20,000,000-character
    // string limit, to see what the SDK needs once that limit is out of the way.
    String limit = System.getProperty("bench.openai.maxStringLength");
    if (limit != null) {
      JsonMapper mapper = ObjectMappers.jsonMapper();
      mapper.getFactory().setStreamReadConstraints(
          StreamReadConstraints.builder().maxStringLength(Integer.parseInt(limit)).build());
      builder.jsonMapper(mapper);
    }
    client = builder.build();
  }

  public static void main(String[] args) {
    Driver.run(args, OpenAiBench::new);
  }

  @Override
  public long editSmall(Path image) {
    ImagesResponse response = client.images().edit(request().image(image).build());
    return Base64.getDecoder().decode(b64(response)).length;
  }

  @Override
  public int editMany(List<Path> images) throws Exception {
    List<InputStream> streams = new ArrayList<>();
    try {
      for (Path image : images) streams.add(Files.newInputStream(image));
      ImagesResponse response = client.images().edit(request().imageOfInputStreams(streams).build());
      return response.data().orElseThrow().size();
    } finally {
      for (InputStream stream : streams) stream.close();
    }
  }

  @Override
  public Path editToFile(Path image, Path folder) throws Exception {
    ImagesResponse response = client.images().edit(request().image(image).build());
    Path file = folder.resolve("result.png");
    Files.write(file, Base64.getDecoder().decode(b64(response)), StandardOpenOption.CREATE_NEW);
    return file;
  }

  /** The SDK's asynchronous client ({@code client.async()}) with its defaults (its own retries included). */
  @Override
  public int[] editAsyncAll(Path image, int count) {
    List<CompletableFuture<ImagesResponse>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) futures.add(client.async().images().edit(request().image(image).build()));
    int done = 0;
    for (CompletableFuture<ImagesResponse> future : futures) {
      try {
        if (!b64(future.join()).isEmpty()) done++;
      } catch (RuntimeException e) {
        // counted as failed
      }
    }
    return new int[] {done, count - done};
  }

  private static ImageEditParams.Builder request() {
    return ImageEditParams.builder().model(MODEL).prompt(PROMPT);
  }

  private static String b64(ImagesResponse response) {
    return response.data().orElseThrow().get(0).b64Json().orElseThrow();
  }

  @Override
  public void close() {
    client.close();
  }
}
