package org.example;

public record Point(int x, int y)
{
  public Point
  {
    if (x < 0) {
      throw new IllegalArgumentException("x must not be negative");
    }
  }

  public int sum()
  {
    return x + y;
  }

  public int forkOnly() { return 1; }
}
