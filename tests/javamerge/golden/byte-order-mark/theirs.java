package org.example;

import java.util.List;

public class Registry
{
  private final List<String> names;
  private final int limit = 10;

  public Registry(List<String> names)
  {
    this.names = names;
  }

  public int size()
  {
    return names.size();
  }

  public String first()
  {
    if (names.isEmpty()) {
      return null;
    }
    return names.get(0);
  }
}
