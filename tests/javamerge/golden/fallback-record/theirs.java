package org.example;

public record Point(int x, int y)
{
  public Point
  {
    if (x < 0) {
      throw new IllegalArgumentException("x");
    }
  }

  public int sum()
  {
    return Math.addExact(x, y);
  }

  public int upstreamOnly() { return 2; }
}
