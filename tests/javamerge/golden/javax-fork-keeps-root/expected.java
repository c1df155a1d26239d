package org.example.rest;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.example.store.Store;

public class ItemResource
{
  private final Store store;

  public ItemResource(Store store)
  {
    this.store = java.util.Objects.requireNonNull(store);
  }

  @GET
  public Response list(SecurityContext context)
  {
    List<String> items = store.items(context.getUserPrincipal());
    return Response.ok(items).build();
  }
}
