package io.strato.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.model.ResourceId;
import io.strato.spi.ExternalClient;
import io.strato.spi.Outcome;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExternalClientContractTest {
    /** A contract instance used only for its helpers. */
    private final ExternalClientContract<String> suite = new ExternalClientContract<>() {
        @Override
        protected ExternalClient<String> newClient() { return null; }

        @Override
        protected ResourceId id() { return ResourceId.parse("/subscriptions/s/resourceGroups/rg/providers/Test.Fake/things/a"); }

        @Override
        protected String desired() { return ""; }

        @Override
        protected int maxPollAttempts() { return 3; }
    };

    @Test
    void settlingPollsAStepUntilItIsNoLongerInProgress() {
        AtomicInteger calls = new AtomicInteger();

        Outcome outcome = suite.settle(() -> calls.incrementAndGet() < 3 ? Outcome.inProgress(Duration.ZERO) : Outcome.done());

        assertThat(outcome).isInstanceOf(Outcome.Done.class);
        assertThat(calls).hasValue(3);
    }

    @Test
    void settlingGivesUpAfterTheBoundedNumberOfAttempts() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> suite.settle(() -> {
                    calls.incrementAndGet();
                    return Outcome.inProgress(Duration.ofHours(1));
                }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("still in progress after 3 attempts");
        assertThat(calls).hasValue(3);
    }

    @Test
    void aFailedOutcomeIsReportedWithItsArmError() {
        var failed = Outcome.failed(new io.strato.model.ArmError("Conflict", "taken", null));

        assertThatThrownBy(() -> ExternalClientContract.assertDone(failed)).hasMessageContaining("Conflict: taken");
    }
}
