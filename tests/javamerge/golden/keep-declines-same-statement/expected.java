package org.example;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

public class Uploader
{
  private final Store store;

  public Uploader(Store store)
  {
    this.store = store;
  }

  public void upload(String name, InputStream in) throws IOException
  {
    Path file = Files.createTempFile(name, ".tmp");
<<<<<<< fork
    System.out.println("[TRACE] created " + file);
    System.out.println("[TRACE] pushing " + name + " to " + store);
    store.push(name, file);
=======
    System.out.println("[TRACE] pushing file " + name);
    store.push(name, file, true);
>>>>>>> upstream
  }
}
