package org.example;

public class Banner
{
  public String banner(String name)
  {
<<<<<<< fork
    return "Hello  " + name;
=======
    return "Hello " + name.trim();
>>>>>>> upstream
  }
}
