package io.strato.provider.compute;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The desired state of one {@code Microsoft.Compute/disks} resource: a qcow2 file on the appliance.
 *
 * @param uniqueId      Azure's disk unique id, fixed at creation
 * @param timeCreated   ISO-8601 creation time
 * @param skuName       {@code Standard_LRS}, {@code Premium_LRS}, {@code StandardSSD_LRS}, ...
 * @param diskSizeGB    the virtual size; it may grow, never shrink
 * @param createOption  {@code Empty}, {@code Copy} or {@code FromImage}
 * @param sourceResourceId the disk copied from ({@code Copy})
 * @param imageReference the platform image version or custom image id the disk was made from ({@code FromImage})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DiskSpec(String uniqueId, String timeCreated, String skuName, int diskSizeGB, String createOption, String sourceResourceId,
                       String imageReference) {
    public DiskSpec(String uniqueId, String timeCreated, String skuName, int diskSizeGB, String createOption, String sourceResourceId) {
        this(uniqueId, timeCreated, skuName, diskSizeGB, createOption, sourceResourceId, null);
    }
}
