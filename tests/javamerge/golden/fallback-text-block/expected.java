package org.example;

public class Banner
{
  private static final String TEXT = """
      Welcome, operator,
      to the service
      """;

  public String text()
  {
    return TEXT.strip();
  }

<<<<<<< fork
  public int forkOnly() { return 1; }
=======
  public int upstreamOnly() { return 2; }
>>>>>>> upstream
}
