package org.example;

public class Sizes
{
  public int bytes(String unit)
  {
    return switch (unit) {
      case "k" -> 1024;
      case "m" -> 1024 * 1024;
      default -> throw new IllegalArgumentException(unit);
    };
  }

  public int upstreamOnly() { return 2; }
}
