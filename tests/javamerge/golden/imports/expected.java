package org.example;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.jms.Message;

public class Listener
{
  public List<String> read(Message message, ImmutableMap<String, String> headers)
  {
    return ImmutableList.of(Optional.ofNullable(headers).toString());
  }

  public int count(Map<String, String> headers)
  {
    return headers.size();
  }
}
