package org.example;

import java.util.List;

public class Formats
{
  public enum Format
  {
    JSON("json"),
    CSV("csv");

    private final String extension;

    Format(String extension)
    {
      this.extension = extension;
    }
  }

  public static final List<String> DEFAULTS = List.of(
      "json",
      "csv"
  );
}
