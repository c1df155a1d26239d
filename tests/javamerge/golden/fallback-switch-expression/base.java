package org.example;

public class Sizes
{
  public int bytes(String unit)
  {
    return switch (unit) {
      case "k" -> 1024;
      case "m" -> 1024 * 1024;
      default -> 1;
    };
  }
}
