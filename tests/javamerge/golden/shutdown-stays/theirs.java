package org.apache.druid.k8s.overlord;

import com.google.common.util.concurrent.ListenableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.druid.indexing.common.task.Task;
import org.apache.druid.indexing.overlord.TaskRunnerWorkItem;

public class KubernetesWorkItem extends TaskRunnerWorkItem
{
  private final Task task;
  private final KubernetesPeonLifecycle kubernetesPeonLifecycle;
  private final AtomicBoolean shutdownRequested = new AtomicBoolean(false);

  public KubernetesWorkItem(Task task, ListenableFuture<TaskStatus> statusFuture, KubernetesPeonLifecycle kubernetesPeonLifecycle)
  {
    super(task.getId(), statusFuture);
    this.task = task;
    this.kubernetesPeonLifecycle = kubernetesPeonLifecycle;
  }

  protected synchronized void shutdown()
  {
    if (!shutdownRequested.compareAndSet(false, true)) {
      return;
    }
    this.kubernetesPeonLifecycle.startWatchingLogs();
    this.kubernetesPeonLifecycle.shutdown();
  }

  public Task getTask()
  {
    return task;
  }
}
