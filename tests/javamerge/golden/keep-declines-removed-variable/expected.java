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
    String label = name.trim();
    System.out.println("[TRACE] pushing as " + label);
    store.push(label, file);
=======
    store.push(name.strip(), file);
>>>>>>> upstream
  }
}
