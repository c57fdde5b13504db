package io.github.imageedits.chainhub;

import io.github.imageedits.capability.CapabilityTable;

/** ChainHub's models and features, from the provider's documents. PLACEHOLDER — being filled; see issue 2. */
final class ChainHubCapabilities {
  private ChainHubCapabilities() {}

  static CapabilityTable table() {
    return CapabilityTable.builder("chainhub").build();
  }
}
