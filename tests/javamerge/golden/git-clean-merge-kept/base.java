package org.example;

import java.util.List;

import org.example.util.Names;

public class Roster
{
  public List<String> names()
  {
    return Names.sorted();
  }

  public int size()
  {
    return names().size();
  }
}
