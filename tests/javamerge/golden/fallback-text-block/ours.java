package org.example;

public class Banner
{
  private static final String TEXT = """
      Welcome, operator,
      to the service
      """;

  public String text()
  {
    return TEXT;
  }

  public int forkOnly() { return 1; }
}
