package org.apache.druid.k8s.overlord;

import com.google.common.util.concurrent.ListenableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.druid.indexing.common.task.Task;
import org.apache.druid.indexing.overlord.TaskRunnerWorkItem;

public class KubernetesWorkItem extends TaskRunnerWorkItem
{
  private final Task task;
  private KubernetesPeonLifecycle kubernetesPeonLifecycle;
  private final AtomicBoolean shutdownRequested = new AtomicBoolean(false);

  public KubernetesWorkItem(Task task, ListenableFuture<TaskStatus> statusFuture)
  {
    super(task.getId(), statusFuture);
    this.task = task;
  }

  protected synchronized void setKubernetesPeonLifecycle(KubernetesPeonLifecycle kubernetesPeonLifecycle)
  {
    this.kubernetesPeonLifecycle = kubernetesPeonLifecycle;
  }

  protected synchronized void shutdown()
  {
<<<<<<< fork
    if (this.kubernetesPeonLifecycle != null) {
      this.kubernetesPeonLifecycle.startWatchingLogs();
      this.kubernetesPeonLifecycle.shutdown();
    }
=======
    if (!shutdownRequested.compareAndSet(false, true)) {
      return;
    }
    this.kubernetesPeonLifecycle.startWatchingLogs();
    this.kubernetesPeonLifecycle.shutdown();
>>>>>>> upstream
  }

  public Task getTask()
  {
    return task;
  }
}
