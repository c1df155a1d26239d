package org.example;

public class Banner
{
  private static final String TEXT = """
      Welcome
      to the service
      """;

  public String text()
  {
    return TEXT.strip();
  }

  public int upstreamOnly() { return 2; }
}
