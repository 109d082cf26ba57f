package io.strato.model;

/**
 * The catalogue of every ARM error code Strato reports, with the HTTP status Azure answers it with.
 * Codes are spelled exactly as Azure spells them: clients match on them.
 */
public enum ArmErrorCode {
    // gateway
    MissingApiVersionParameter(400),
    InvalidApiVersionParameter(400),
    InvalidRequestContent(400),
    UnsupportedMediaType(415),
    RequestEntityTooLarge(413),
    InvalidSubscriptionId(400),
    SubscriptionNotFound(404),
    InvalidResourceNamespace(404),
    InvalidResourceType(400),
    NoRegisteredProviderFound(400),
    MissingSubscriptionRegistration(409),
    InvalidRequestUri(400),
    MethodNotAllowed(405),
    NotFound(404),
    PreconditionFailed(412),
    Conflict(409),
    // authentication (401 + WWW-Authenticate)
    AuthenticationFailed(401),
    InvalidAuthenticationToken(401),
    ExpiredAuthenticationToken(401),
    InvalidAuthenticationTokenAudience(401),
    InvalidAuthenticationTokenTenant(401),
    // resource groups and resources
    InvalidResourceGroup(400),
    InvalidResourceGroupLocation(409),
    ResourceGroupNotFound(404),
    ResourceGroupBeingDeleted(409),
    // management locks
    ScopeLocked(409),
    LockNotFound(404),
    LocationRequired(400),
    LocationNotAvailableForResourceGroup(400),
    LocationNotAvailableForResourceType(400),
    ResourceNotFound(404),
    InvalidResourceName(400),
    InvalidResourceLocation(409),
    ParentResourceNotFound(404),
    InvalidTagName(400),
    InvalidTagValueLength(400),
    InvalidTagNameLength(400),
    TooManyTags(400),
    InvalidRequestParameter(400),
    InvalidParameter(400),
    OperationNotFound(404),
    BadRequest(400),
    InternalServerError(500),
    ServiceUnavailable(503),
    // deployments
    InvalidTemplate(400),
    InvalidTemplateDeployment(400),
    InvalidDeploymentName(400),
    InvalidDeploymentMode(400),
    DeploymentActive(409),
    DeploymentNotFound(404),
    ManagementGroupNotFound(404),
    DeploymentFailed(400),
    DeploymentCannotBeCancelled(409),
    ResourceDeploymentFailure(400),
    LinkedTemplateNotSupported(400),
    // Microsoft.Storage
    AccountNameInvalid(400),
    StorageAccountAlreadyTaken(409),
    StorageAccountAlreadyExists(409),
    SkuNotSupported(400),
    InvalidValuesForRequestParameters(400),
    InvalidRequestPropertyValue(400),
    PropertyChangeNotAllowed(409),
    InvalidHeaderValue(400),
    InvalidAccountKeyName(400),
    // Microsoft.Network
    InvalidAddressPrefixFormat(400),
    InvalidCIDRNotation(400),
    NetcfgSubnetRangeOutsideVnet(400),
    NetcfgSubnetRangesOverlap(400),
    VnetAddressSpacesOverlap(400),
    InUseSubnetCannotBeDeleted(400),
    InUseNetworkSecurityGroupCannotBeDeleted(400),
    InUseRouteTableCannotBeDeleted(400),
    PublicIPAddressCannotBeDeleted(400),
    PublicIPAddressInUse(400),
    NicInUse(400),
    InUseVirtualNetworkCannotBeDeleted(400),
    SecurityRuleConflict(400),
    SecurityRuleInvalidPriority(400),
    SecurityRuleInvalidPortRange(400),
    SecurityRuleInvalidAddressPrefix(400),
    PrivateIPAddressInUse(400),
    PrivateIPAddressNotInSubnet(400),
    SubnetIsFull(400),
    PublicIPAddressPoolExhausted(400),
    InvalidResourceReference(400),
    LinkedInvalidPropertyId(400),
    LoadBalancerRuleConflict(400),
    RulesUseSameBackendPortProtocolAndIPConfig(400),
    RouteConflict(400),
    // Microsoft.ContainerInstance
    InvalidContainerName(400),
    DuplicateContainerName(400),
    InaccessibleImage(400),
    ContainerGroupTransitioning(409),
    ContainerNotFound(404),
    // Microsoft.Compute
    PlatformImageNotFound(404),
    OperationNotAllowed(409),
    OSProvisioningTimedOut(500),
    VMExtensionProvisioningError(400),
    VMExtensionProvisioningTimeout(400);

    private final int status;

    ArmErrorCode(int status) { this.status = status; }

    public int status() { return status; }

    public ArmException exception(String message) { return exception(message, null); }

    public ArmException exception(String message, String target) {
        return new ArmException(status, new ArmError(name(), message, target));
    }
}
