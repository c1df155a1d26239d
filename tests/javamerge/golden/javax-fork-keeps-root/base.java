package org.example.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.core.Response;

import org.example.store.Store;

public class ItemResource
{
  private final Store store;

  public ItemResource(Store store)
  {
    this.store = store;
  }

  @GET
  public Response list()
  {
    List<String> items = store.items();
    return Response.ok(items).build();
  }
}
