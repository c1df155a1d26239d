package org.example;

public class Limits
{
  public int limit(int requested)
  {
    if (requested > 250) {
      return 250;
    }
    return requested;
  }
}
