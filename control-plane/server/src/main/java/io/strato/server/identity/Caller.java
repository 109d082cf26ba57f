package io.strato.server.identity;

/**
 * Who made an ARM request, from a validated access token.
 *
 * @param objectId the principal's object id: the token's {@code sub} (for a service principal, the id of its
 *     Keycloak service-account user)
 * @param appId the client the token was issued to ({@code azp}, else {@code client_id}, else {@code appid})
 * @param tenantId the tenant (Keycloak realm) whose issuer signed the token
 * @param principalType {@code "Application"} for a service principal (client credentials), else {@code "User"}
 * @param displayName the app's display name ({@code app_displayname}), else {@code name}, else
 *     {@code preferred_username}, else the app id
 */
public record Caller(String objectId, String appId, String tenantId, String principalType, String displayName) {
    public static final String APPLICATION = "Application";
    public static final String USER = "User";

    public boolean isApplication() { return APPLICATION.equals(principalType); }
}
