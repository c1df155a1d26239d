package org.example;

public class Banner
{
  public String banner(String name)
  {
    return "Hello " + name;
  }
}
