package org.example;

public class Limits
{
  public int limit(int requested)
  {
    // The store rejects more than 100 items; see the fork's runbook before raising it.
    return Math.min(requested, 100);
  }
}
