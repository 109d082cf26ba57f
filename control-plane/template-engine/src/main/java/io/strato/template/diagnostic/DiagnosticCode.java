package io.strato.template.diagnostic;

/**
 * The catalogue of diagnostic codes the template engine reports, spelled as Azure Resource Manager spells them
 * (clients and scripts match on these strings).
 */
public enum DiagnosticCode {
    /** The template is structurally invalid (bad section, unknown type, limit exceeded...). */
    InvalidTemplate,
    /** A language expression could not be parsed or evaluated. */
    InvalidTemplateExpression,
    /** Evaluation at execution time failed (runtime functions, outputs). */
    DeploymentFailed,
    /** A supplied parameter value has the wrong type, is not in allowedValues or out of bounds. */
    InvalidDeploymentParameterValue,
    /** A parameter without a defaultValue was not supplied. */
    MissingRequiredParameter,
    /** dependsOn / implicit references form a cycle. */
    CircularDependency,
    /** Two resources of the template resolve to the same resource id. */
    DuplicateResource,
    /** A dependsOn entry names no resource declared in the template. */
    ResourceNotDefined,
    /** A copy loop count is outside 0..800 or the template exceeds a size limit. */
    LimitExceeded
}
