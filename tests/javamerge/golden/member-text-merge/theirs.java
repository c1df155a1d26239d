package org.example;

import java.util.List;

public class Registry
{
  private final List<String> names;

  public Registry(List<String> names)
  {
    validate(names);
    this.names = names;
    register(this);
  }

  public int size()
  {
    return names.size();
  }

  public String first()
  {
    return names.get(0);
  }

  public int upstreamOnly() { return 2; }
}
