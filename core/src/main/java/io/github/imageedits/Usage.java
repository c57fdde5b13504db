package io.github.imageedits;

/** Token usage, when the provider reports it. */
public record Usage(long inputTokens, long outputTokens, long totalTokens) {}
