package org.example;

public class Uploader
{
  private final Store store;

  public Uploader(Store store)
  {
    this.store = store;
  }

  public void upload(String name, byte[] data)
  {
    store.put(name, data, Store.UPLOAD_TIMEOUT, Store.RETRIES);
  }

  public void remove(String name)
  {
    store.delete(name);
  }
}
