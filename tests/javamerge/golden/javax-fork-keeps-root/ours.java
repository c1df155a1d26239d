package org.example.rest;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.core.Response;

import org.example.store.Store;

public class ItemResource
{
  private final Store store;

  public ItemResource(Store store)
  {
    this.store = java.util.Objects.requireNonNull(store);
  }

  @GET
  public Response list()
  {
    List<String> items = store.items();
    return Response.ok(items).build();
  }
}
