package org.apache.druid.k8s.overlord.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.apache.druid.java.util.common.logger.Logger;
import org.apache.druid.tasklogs.TaskLogs;

public class KubernetesPeonLifecycle
{
  private static final Logger log = new Logger(KubernetesPeonLifecycle.class);

  private final String taskId;
  private final TaskLogs taskLogs;
  private final KubernetesPeonClient kubernetesClient;
  private LogWatch logWatch;

  public KubernetesPeonLifecycle(String taskId, TaskLogs taskLogs, KubernetesPeonClient kubernetesClient)
  {
    this.taskId = taskId;
    this.taskLogs = taskLogs;
    this.kubernetesClient = kubernetesClient;
  }

  protected void startWatchingLogs()
  {
    if (logWatch != null) {
      return;
    }
    logWatch = kubernetesClient.getPeonLogWatcher(taskId).orElse(null);
  }

  protected void stopWatchingLogs()
  {
    if (logWatch != null) {
      logWatch.close();
    }
  }

  protected void saveLogs()
  {
    try {
      Path file = Files.createTempFile(taskId, ".log");
      try {
        startWatchingLogs();
        if (logWatch != null) {
          Files.copy(logWatch.getOutput(), file, StandardCopyOption.REPLACE_EXISTING);
        } else {
          log.debug("No log watch for task [%s]", taskId);
        }
        taskLogs.pushTaskLog(taskId, file.toFile());
      }
      catch (IOException e) {
        log.error(e, "Failed to save logs of task [%s]", taskId);
      }
      finally {
        Files.deleteIfExists(file);
      }
    }
    catch (IOException e) {
      log.warn(e, "Could not create a temporary log file for task [%s]", taskId);
    }
    finally {
      stopWatchingLogs();
    }
  }
}
