package org.example;

public class Limits
{
  public int limit(int requested)
  {
    // The store rejects more than 500 items.
    return Math.min(requested, 500);
  }
}
