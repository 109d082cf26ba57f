package io.strato.provider.compute;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The desired state of one {@code Microsoft.Compute/availabilitySets} resource.
 *
 * @param skuName                   {@code Aligned} (VMs with managed disks) or {@code Classic}
 * @param platformFaultDomainCount  1 to {@value AvailabilitySetHandler#MAX_FAULT_DOMAINS}
 * @param platformUpdateDomainCount 1 to {@value AvailabilitySetHandler#MAX_UPDATE_DOMAINS}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AvailabilitySetSpec(String skuName, int platformFaultDomainCount, int platformUpdateDomainCount) {}
