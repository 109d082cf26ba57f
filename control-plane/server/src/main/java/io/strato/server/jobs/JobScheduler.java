package io.strato.server.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Durable jobs on db-scheduler: rows in PostgreSQL that any replica claims, with dead-execution detection, so
 * a replica that dies mid-operation loses nothing: another one (or this one after restart) runs the job again.
 * Jobs are idempotent steps of the reconciler.
 */
@ApplicationScoped
public class JobScheduler {
    @Inject DataSource dataSource;
    @Inject Instance<Reconciler> reconciler;
    @Inject Instance<io.strato.server.deploy.DeploymentRunner> deployments;
    @ConfigProperty(name = "strato.jobs.threads", defaultValue = "8") int threads;
    @ConfigProperty(name = "strato.jobs.polling-interval", defaultValue = "PT0.25S") Duration polling;

    private OneTimeTask<String> reconcile;
    private OneTimeTask<String> deploy;
    private Scheduler scheduler;

    void start(@Observes StartupEvent ev) {
        reconcile = Tasks.oneTime("reconcile", String.class)
                .execute((instance, ctx) -> reconciler.get().run(UUID.fromString(instance.getData())));
        deploy = Tasks.oneTime("deploy", String.class)
                .execute((instance, ctx) -> deployments.get().step(instance.getData()));
        scheduler = Scheduler.create(dataSource, reconcile, deploy)
                .threads(threads)
                .pollingInterval(polling)
                .heartbeatInterval(Duration.ofSeconds(10))
                .enableImmediateExecution()
                .shutdownMaxWait(Duration.ofSeconds(10))
                .build();
        scheduler.start();
    }

    /** First thing at shutdown: no job may start while the datasource and the database go away. */
    void stop(@Observes @jakarta.annotation.Priority(0) ShutdownEvent ev) {
        if (scheduler != null) scheduler.stop();
    }

    /** Schedules one step of a deployment; joins the caller's transaction when there is one. */
    public void scheduleDeploymentStep(String deploymentKey, Instant when) {
        scheduler.schedule(deploy.instance(deploymentKey + "@" + when.toEpochMilli() + "#" + java.util.UUID.randomUUID(), deploymentKey), when);
    }

    /** Schedules one reconcile step; joins the caller's transaction when there is one. */
    public void scheduleReconcile(UUID operation, Instant when) {
        scheduler.schedule(reconcile.instance(operation + "@" + when.toEpochMilli(), operation.toString()), when);
    }
}
