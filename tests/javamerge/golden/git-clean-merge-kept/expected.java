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
    return Math.max(0, names().size());
  }
}
