package org.example;

public class Limits
{
  private static final int MAX = 10;

  public int clamp(int value)
  {
    return Math.min(value, MAX);
  }

  public int floor(int value)
  {
    return Math.max(value, 0);
  }
}
