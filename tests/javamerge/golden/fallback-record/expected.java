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
    return Math.addExact(x, y);
  }

<<<<<<< fork
  public int forkOnly() { return 1; }
=======
  public int upstreamOnly() { return 2; }
>>>>>>> upstream
}
