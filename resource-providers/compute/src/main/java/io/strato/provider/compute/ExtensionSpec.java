package io.strato.provider.compute;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The desired state of one {@code Microsoft.Compute/virtualMachines/extensions} resource. Protected settings are in the
 * {@link io.strato.spi.SecretVault}, never here.
 *
 * @param publisher          the extension handler's publisher, as the catalogue spells it
 * @param type               the handler type, as the catalogue spells it
 * @param typeHandlerVersion the version asked for (major.minor), echoed back
 * @param autoUpgradeMinorVersion as given (null when absent)
 * @param enableAutomaticUpgrade  as given (null when absent)
 * @param suppressFailures   as given (null when absent)
 * @param forceUpdateTag     as given; a new value runs the script again
 * @param settings           the public settings, echoed back
 * @param protectedSettings  whether protected settings were given (their content is in the vault)
 * @param sequence           grows when settings, protected settings or forceUpdateTag change: the guest runs each sequence once;
 *                           a new extension starts from the clock's milliseconds, so a name used again gets a new one
 * @param requestedAt        when this sequence was asked for (ISO-8601), for the provisioning timeout
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExtensionSpec(String publisher, String type, String typeHandlerVersion, Boolean autoUpgradeMinorVersion,
                            Boolean enableAutomaticUpgrade, Boolean suppressFailures, String forceUpdateTag, ObjectNode settings,
                            boolean protectedSettings, long sequence, String requestedAt) {}
