package org.example;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

import jakarta.jms.Message;
import java.util.List;
import java.util.Optional;

public class Listener
{
  public List<String> read(Message message, ImmutableMap<String, String> headers)
  {
    return ImmutableList.of(Optional.ofNullable(headers).toString());
  }
}
