package io.strato.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.strato.model.ResourceId;
import io.strato.spi.ExternalClient;
import io.strato.spi.Outcome;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every driver ({@link ExternalClient}) must show, whatever it drives. Subclass it in the
 * driver's tests and provide the client, the id of a resource that does not exist yet and a desired spec:
 *
 * <pre>{@code
 * class LocalDiskStorageAccountDriverTest extends ExternalClientContract<StorageAccountSpec> {
 *     @TempDir Path dir;
 *     protected ExternalClient<StorageAccountSpec> newClient() { return new LocalDiskStorageAccountDriver(...dir...); }
 *     protected ResourceId id() { return ...; }
 *     protected StorageAccountSpec desired() { return ...; }
 * }
 * }</pre>
 *
 * <p>{@link #newClient()} is called before every test, after JUnit has injected the subclass's fields
 * (such as a {@code @TempDir}). Steps that answer {@link Outcome.InProgress} are polled to completion by
 * {@link #settle}, at most {@link #maxPollAttempts()} times.
 *
 * @param <S> the driver's spec type
 */
public abstract class ExternalClientContract<S> {
    /** The client under test, fresh for every test. */
    protected ExternalClient<S> client;

    /** Makes a new client over fresh, empty state. */
    protected abstract ExternalClient<S> newClient();

    /** The id of a resource that has never been created through this client. */
    protected abstract ResourceId id();

    /** A valid desired state for {@link #id()}. */
    protected abstract S desired();

    /** A different valid desired state for the same resource, used for update; the same one by default. */
    protected S updated() { return desired(); }

    /** How often {@link #settle} asks again before it gives up on an operation that stays in progress. */
    protected int maxPollAttempts() { return 50; }

    /** The longest {@link #settle} waits between two attempts, whatever {@code pollAfter} says. */
    protected Duration maxPollInterval() { return Duration.ofMillis(200); }

    @BeforeEach
    final void connectClient() {
        client = newClient();
    }

    @Test
    void observingSomethingNeverCreatedReportsItAbsent() {
        assertThat(client.observe(id(), desired()).exists()).isFalse();
    }

    @Test
    void creatingMakesItObservable() {
        assertDone(settle(() -> client.create(id(), desired())));

        assertThat(client.observe(id(), desired()).exists()).isTrue();
    }

    @Test
    void creatingTwiceIsIdempotent() {
        assertDone(settle(() -> client.create(id(), desired())));

        assertDone(settle(() -> client.create(id(), desired())));

        assertThat(client.observe(id(), desired()).exists()).isTrue();
    }

    @Test
    void updatingAnExistingResourceSucceeds() {
        assertDone(settle(() -> client.create(id(), desired())));

        assertDone(settle(() -> client.update(id(), updated())));

        assertThat(client.observe(id(), updated()).exists()).isTrue();
    }

    @Test
    void deletingRemovesIt() {
        assertDone(settle(() -> client.create(id(), desired())));

        assertDone(settle(() -> client.delete(id())));

        assertThat(client.observe(id(), desired()).exists()).isFalse();
    }

    @Test
    void deletingSomethingAlreadyGoneSucceeds() {
        assertDone(settle(() -> client.delete(id())));

        assertDone(settle(() -> client.delete(id())));
    }

    @Test
    void deletingSomethingNeverCreatedSucceeds() {
        assertDone(settle(() -> client.delete(id())));

        assertThat(client.observe(id(), desired()).exists()).isFalse();
    }

    /**
     * Runs {@code step} and, while it answers {@link Outcome.InProgress}, waits (at most
     * {@link #maxPollInterval()}) and runs it again, as the reconciler would. Fails the test when the step is
     * still in progress after {@link #maxPollAttempts()} attempts.
     */
    protected final Outcome settle(Supplier<Outcome> step) {
        for (int attempt = 1; attempt <= maxPollAttempts(); attempt++) {
            Outcome outcome = step.get();
            if (!(outcome instanceof Outcome.InProgress(Duration pollAfter))) {
                return outcome;
            }
            pause(pollAfter);
        }
        return fail("still in progress after " + maxPollAttempts() + " attempts");
    }

    /** Asserts the outcome is {@link Outcome.Done}, showing the ARM error when it failed. */
    protected static void assertDone(Outcome outcome) {
        if (outcome instanceof Outcome.Failed(var error)) {
            fail("expected Done but the step failed: " + error.code() + ": " + error.message());
        }
        assertThat(outcome).isInstanceOf(Outcome.Done.class);
    }

    private void pause(Duration pollAfter) {
        Duration wait = pollAfter == null || pollAfter.isNegative() ? Duration.ZERO : pollAfter;
        if (wait.compareTo(maxPollInterval()) > 0) wait = maxPollInterval();
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while polling", e);
        }
    }
}
