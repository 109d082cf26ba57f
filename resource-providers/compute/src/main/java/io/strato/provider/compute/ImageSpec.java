package io.strato.provider.compute;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The desired state of one {@code Microsoft.Compute/images} resource: a flattened qcow2 copy of a VM's OS disk or of a
 * managed disk, owned by the image.
 *
 * @param sourceVirtualMachine the VM whose OS disk was copied (null when made from a disk)
 * @param sourceDisk           the managed disk copied, or the VM's OS disk id
 * @param bootImage            URN of the platform image whose kernel boots VMs made from this image
 * @param osState              {@code Generalized} or {@code Specialized}
 * @param diskSizeGB           the OS disk's size
 * @param storageAccountType   as given, or the source's
 * @param caching              as given ({@code ReadWrite} by default)
 * @param hyperVGeneration     {@code V1}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageSpec(String sourceVirtualMachine, String sourceDisk, String bootImage, String osState, int diskSizeGB,
                        String storageAccountType, String caching, String hyperVGeneration) {}
