"""A two-module Maven project for the build tests, kept as a map of path to text.

The root `pom.xml` aggregates `core` (a `Calc` class with a JUnit 4 test) and
`app` (which depends on `core`). Plugin versions are pinned so every run
resolves the same artifacts from the local repository the tests share.
"""

from __future__ import annotations

PLUGINS = """
    <pluginManagement>
      <plugins>
        <plugin>
          <artifactId>maven-clean-plugin</artifactId>
          <version>3.3.2</version>
        </plugin>
        <plugin>
          <artifactId>maven-resources-plugin</artifactId>
          <version>3.3.1</version>
        </plugin>
        <plugin>
          <artifactId>maven-compiler-plugin</artifactId>
          <version>3.13.0</version>
        </plugin>
        <plugin>
          <artifactId>maven-surefire-plugin</artifactId>
          <version>3.2.5</version>
        </plugin>
        <plugin>
          <artifactId>maven-jar-plugin</artifactId>
          <version>3.4.1</version>
        </plugin>
      </plugins>
    </pluginManagement>
"""

ROOT_POM = f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example.calc</groupId>
  <artifactId>calc-parent</artifactId>
  <version>1.0-SNAPSHOT</version>
  <packaging>pom</packaging>
  <modules>
    <module>core</module>
    <module>app</module>
  </modules>
  <properties>
    <maven.compiler.release>11</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <build>{PLUGINS}  </build>
</project>
"""


def module_pom(artifact_id: str, dependencies: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>example.calc</groupId>
    <artifactId>calc-parent</artifactId>
    <version>1.0-SNAPSHOT</version>
  </parent>
  <artifactId>{artifact_id}</artifactId>
  <dependencies>{dependencies}
  </dependencies>
</project>
"""


JUNIT = """
    <dependency>
      <groupId>junit</groupId>
      <artifactId>junit</artifactId>
      <version>4.13.2</version>
      <scope>test</scope>
    </dependency>"""

CORE_DEPENDENCY = """
    <dependency>
      <groupId>example.calc</groupId>
      <artifactId>calc-core</artifactId>
      <version>1.0-SNAPSHOT</version>
    </dependency>"""

CALC_JAVA = """package example.calc;

public final class Calc {
    private Calc() {
    }

    public static int add(int a, int b) {
        return a + b;
    }
}
"""

CALC_TEST_JAVA = """package example.calc;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class CalcTest {
    @Test
    public void addsTwoNumbers() {
        assertEquals(5, Calc.add(2, 3));
    }
}
"""

MAIN_JAVA = """package example.app;

import example.calc.Calc;

public final class Main {
    public static void main(String[] args) {
        System.out.println(Calc.add(1, 2));
    }
}
"""

FILES: dict[str, str] = {
    "pom.xml": ROOT_POM,
    "README.md": "A tiny project for patchkit's build tests.\n",
    "core/pom.xml": module_pom("calc-core", JUNIT),
    "core/src/main/java/example/calc/Calc.java": CALC_JAVA,
    "core/src/test/java/example/calc/CalcTest.java": CALC_TEST_JAVA,
    "app/pom.xml": module_pom("calc-app", CORE_DEPENDENCY),
    "app/src/main/java/example/app/Main.java": MAIN_JAVA,
}
