package io.strato.testkit;

import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import io.strato.spi.ExternalClient;
import io.strato.spi.Observation;
import io.strato.spi.Outcome;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Runs the contract against a client that answers every step "in progress" twice, to prove the suite polls. */
class SlowInMemoryClientTest extends ExternalClientContract<String> {
    @Override
    protected ExternalClient<String> newClient() {
        return new SlowClient();
    }

    @Override
    protected ResourceId id() {
        return ResourceId.resource("00000000-0000-0000-0000-000000000001", "rg", ResourceType.of("Test.Fake", "things"), "one");
    }

    @Override
    protected String desired() { return "v1"; }

    @Override
    protected String updated() { return "v2"; }

    /** Each verb succeeds on the third call for the same id. */
    private static final class SlowClient implements ExternalClient<String> {
        private final Map<ResourceId, String> things = new HashMap<>();
        private final Map<String, Integer> calls = new HashMap<>();

        @Override
        public Observation observe(ResourceId id, String desired) {
            return things.containsKey(id) ? Observation.present(Map.of("value", things.get(id))) : Observation.absent();
        }

        @Override
        public Outcome create(ResourceId id, String desired) {
            return slowly("create " + id.key(), () -> things.put(id, desired));
        }

        @Override
        public Outcome update(ResourceId id, String desired) {
            return slowly("update " + id.key(), () -> things.put(id, desired));
        }

        @Override
        public Outcome delete(ResourceId id) {
            return slowly("delete " + id.key(), () -> things.remove(id));
        }

        private Outcome slowly(String step, Runnable finish) {
            int n = calls.merge(step, 1, Integer::sum);
            if (n < 3) return Outcome.inProgress(Duration.ofMillis(1));
            calls.remove(step);
            finish.run();
            return Outcome.done();
        }
    }
}
