package org.example;

import java.util.List;

public class Registry
{
  private final List<String> names;

  public Registry(List<String> names)
  {
    this.names = names;
  }

  public int size()
  {
    return names.size();
  }

  public boolean isEmpty()
  {
    return names.isEmpty();
  }

  public String first()
  {
    return names.get(0);
  }

  public String describe()
  {
    return "fork registry of " + names.size();
  }
}
