package org.apache.druid.k8s.overlord;

import com.google.common.util.concurrent.ListenableFuture;
import org.apache.druid.indexing.common.task.Task;
import org.apache.druid.indexing.overlord.TaskRunnerWorkItem;

public class KubernetesWorkItem extends TaskRunnerWorkItem
{
  private final Task task;
  private final KubernetesPeonLifecycle kubernetesPeonLifecycle;

  public KubernetesWorkItem(Task task, ListenableFuture<TaskStatus> statusFuture, KubernetesPeonLifecycle kubernetesPeonLifecycle)
  {
    super(task.getId(), statusFuture);
    this.task = task;
    this.kubernetesPeonLifecycle = kubernetesPeonLifecycle;
  }

  protected synchronized void shutdown()
  {
    this.kubernetesPeonLifecycle.startWatchingLogs();
    this.kubernetesPeonLifecycle.shutdown();
  }

  public Task getTask()
  {
    return task;
  }
}
