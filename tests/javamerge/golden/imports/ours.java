package org.example;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;

import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.jms.Message;

public class Listener
{
  public List<String> read(Message message, Map<String, String> headers)
  {
    Preconditions.checkNotNull(message);
    return ImmutableList.of(headers.toString());
  }

  public int count(Map<String, String> headers)
  {
    return headers.size();
  }
}
