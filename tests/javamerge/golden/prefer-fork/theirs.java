package org.example;

public class Limits
{
  private static final int MAX = 10;

  public int clamp(int value)
  {
    return value > MAX ? MAX : value;
  }

  public int floor(int value)
  {
    return value < 0 ? 0 : value;
  }
}
