package io.github.imageedits;

/** The account's balance or quota is used up. */
public class InsufficientBalanceException extends ProviderException {
  public InsufficientBalanceException(ProviderError error) {
    super(error);
  }
}
