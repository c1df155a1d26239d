package org.example;

import java.util.List;

public class Formats
{
  public enum Format
  {
    JSON("json"),
    CSV("csv"),
    ORC("orc"),
    PARQUET("parquet"),
    AVRO("avro");

    private final String extension;

    Format(String extension)
    {
      this.extension = extension;
    }
  }

  public static final List<String> DEFAULTS = List.of(
      "json",
      "csv",
      "orc",
      "parquet"
  );
}
