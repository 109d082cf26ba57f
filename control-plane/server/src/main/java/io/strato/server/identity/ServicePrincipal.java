package io.strato.server.identity;

/**
 * A service principal: a confidential Keycloak client with a service account.
 *
 * @param appId the client id (a GUID), what {@code az login --service-principal -u} takes
 * @param objectId the id of the client's service-account user: the {@code sub} of its tokens
 * @param secret the client secret. {@link #toString()} never shows it
 */
public record ServicePrincipal(String appId, String objectId, String secret) {
    @Override
    public String toString() { return "ServicePrincipal[appId=" + appId + ", objectId=" + objectId + ", secret=***]"; }
}
