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

  public boolean isWatchingLogs()
  {
    return logWatch != null;
  }

  protected void stopWatchingLogs()
  {
    if (logWatch != null) {
      logWatch.close();
    }
  }

  protected void saveLogs()
  {
    log.info("📋 [LOGS] saveLogs() started for task [%s]", taskId);
    try {
      Path file = Files.createTempFile(taskId, ".log");
      try {
        log.info("📋 [LOGS] starting log watch for task [%s]", taskId);
        startWatchingLogs();
        log.info("📋 [LOGS] log watch present for task [%s]: %s", taskId, logWatch != null);
        if (logWatch != null) {
          log.info("📋 [LOGS] copying log stream of task [%s]", taskId);
          Files.copy(logWatch.getOutput(), file, StandardCopyOption.REPLACE_EXISTING);
        } else {
          log.info("📋 [LOGS] no log stream for task [%s]", taskId);
          log.debug("No log watch for task [%s]", taskId);
        }
        log.info("📋 [LOGS] pushing log file of %d bytes for task [%s]", Files.size(file), taskId);
        taskLogs.pushTaskLog(taskId, file.toFile());
      }
      catch (IOException e) {
        log.error(e, "Failed to save logs of task [%s]", taskId);
      }
      finally {
        log.info("📋 [LOGS] saveLogs() finished for task [%s]", taskId);
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
