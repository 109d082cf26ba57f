package io.strato.spi;

import io.strato.model.ArmError;
import java.time.Duration;

/** The result of one driver step. */
public sealed interface Outcome permits Outcome.Done, Outcome.InProgress, Outcome.Failed {
    record Done() implements Outcome {}

    /** Not finished; ask again after {@code pollAfter}. */
    record InProgress(Duration pollAfter) implements Outcome {}

    record Failed(ArmError error) implements Outcome {}

    static Outcome done() { return new Done(); }

    static Outcome inProgress(Duration pollAfter) { return new InProgress(pollAfter); }

    static Outcome failed(ArmError error) { return new Failed(error); }
}
