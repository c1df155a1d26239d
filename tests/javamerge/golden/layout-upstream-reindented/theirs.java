package org.example;

public class Limits
{
  public int limit(int requested)
  {
    if (requested > 100)
    {
      return 100;
    }
    return requested;
  }
}
