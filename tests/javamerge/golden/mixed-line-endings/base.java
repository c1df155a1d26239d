package org.example;

import java.util.List;

public class Registry
{
  private final List<String> names;

  public int size() { return names.size(); }
  public String first() { return names.get(0); }
}
