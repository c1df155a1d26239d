package org.example;

import java.util.HashMap;
import java.util.Map;

public class Features
{
  private final Map<String, String> names = new HashMap<>();

  private final Map<String, Long> counts = new HashMap<>();

  public boolean isEnabled(JsonParser.Feature feature)
  {
    return names.containsKey(feature.name());
  }

  public boolean isEnabled(JsonGenerator.Feature feature)
  {
    return counts.containsKey(feature.name());
  }

  public int upstreamOnly() { return 2; }
}
