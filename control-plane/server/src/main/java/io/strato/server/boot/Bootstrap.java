package io.strato.server.boot;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.strato.server.arm.Subscriptions;
import io.strato.server.identity.IdentityService;
import io.strato.server.identity.KeycloakSupervisor;
import io.strato.server.identity.ServicePrincipal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * First start: the initial subscription, the tenant's realm and a service principal, written to
 * {@code DATA/bootstrap.env} (mode 0600) with the lines to paste into the Azure CLI. Later starts only check
 * that all of it is still there. Runs in the background so the API answers while the identity provider starts.
 */
@ApplicationScoped
public class Bootstrap {
    private static final Logger LOG = Logger.getLogger(Bootstrap.class);

    @Inject ApplianceSettings settings;
    @Inject Subscriptions subscriptions;
    @Inject IdentityService identity;
    @Inject KeycloakSupervisor keycloak;
    @ConfigProperty(name = "strato.bootstrap.enabled", defaultValue = "true") boolean enabled;

    private volatile boolean done;
    private volatile boolean stopping;

    void onStop(@Observes @jakarta.annotation.Priority(0) io.quarkus.runtime.ShutdownEvent ev) { stopping = true; }

    void onStart(@Observes StartupEvent ev) {
        String subscriptionId = QuarkusTransaction.requiringNew().call(() -> {
            String id = settings.getOrCreate("initial-subscription-id", UUID.randomUUID().toString());
            subscriptions.create(id, "Default Provider Subscription", settings.tenantId());
            return id;
        });
        if (!enabled) return;
        Thread t = new Thread(() -> {
            try {
                keycloak.awaitReady(Duration.ofMinutes(10));
                identity.ensureTenant(settings.tenantId());
                writeBootstrapFile(subscriptionId);
                done = true;
            } catch (Exception e) {
                if (stopping) return;
                LOG.error("first-start set-up of the identity provider failed; the appliance serves requests but nobody can log in", e);
            }
        }, "strato-bootstrap");
        t.setDaemon(true);
        t.start();
    }

    public boolean isDone() { return done; }

    private void writeBootstrapFile(String subscriptionId) throws Exception {
        Path file = settings.dataDir().resolve("bootstrap.env");
        Optional<String> knownApp = Optional.ofNullable(QuarkusTransaction.requiringNew().call(() ->
                settings.getOrCreate("bootstrap-client-id", "")).transform(s -> s.isEmpty() ? null : s));
        if (knownApp.isPresent() && Files.exists(file) && Files.readString(file).contains("CLIENT_ID=" + knownApp.get())) {
            LOG.infof("appliance ready: %s (credentials in %s)", settings.baseUrl(), file);
            return;
        }
        ServicePrincipal sp = identity.ensureServicePrincipal(settings.tenantId(), "strato-bootstrap", knownApp);
        QuarkusTransaction.requiringNew().run(() -> settings.put("bootstrap-client-id", sp.appId()));
        String env = "ARM_ENDPOINT=" + settings.baseUrl() + "/\n"
                + "CA_BUNDLE=" + settings.caBundle() + "\n"
                + "TENANT_ID=" + settings.tenantId() + "\n"
                + "SUBSCRIPTION_ID=" + subscriptionId + "\n"
                + "CLIENT_ID=" + sp.appId() + "\n"
                + "CLIENT_SECRET=" + sp.secret() + "\n"
                + "LOCATION=" + settings.location() + "\n";
        CertificateAuthority.atomicWrite(file, env, true);
        // printed once, at first start; the secret itself stays in the file
        System.out.println("\nStrato is ready at " + settings.baseUrl() + "/\n"
                + "Credentials of the first service principal: " + file + " (CLIENT_SECRET is only there)\n\n"
                + "  export REQUESTS_CA_BUNDLE=" + settings.caBundle() + "\n"
                + "  az cloud register -n Strato --endpoint-resource-manager " + settings.baseUrl() + "/ && az cloud set -n Strato\n"
                + "  . " + file + " && az login --service-principal -u $CLIENT_ID -p $CLIENT_SECRET --tenant $TENANT_ID\n");
    }
}
