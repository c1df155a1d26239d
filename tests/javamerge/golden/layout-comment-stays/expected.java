package org.example;

public class Limits
{
  public int limit(int requested)
  {
<<<<<<< fork
    // The store rejects more than 100 items; see the fork's runbook before raising it.
    return Math.min(requested, 100);
=======
    // The store rejects more than 500 items.
    return Math.min(requested, 500);
>>>>>>> upstream
  }
}
