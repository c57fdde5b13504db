package io.github.imageedits.acedata;

import io.github.imageedits.capability.CapabilityTable;

/** AceData's models and features, from the provider's documents. PLACEHOLDER — being filled; see issue 2. */
final class AceDataCapabilities {
  private AceDataCapabilities() {}

  static CapabilityTable table() {
    return CapabilityTable.builder("acedata").build();
  }
}
