package io.strato.template.diagnostic;

/**
 * The catalogue of diagnostic codes the template engine reports, spelled as Azure Resource Manager spells them
 * (clients and scripts match on these strings).
 */
public enum DiagnosticCode {
    /**
     * The template is invalid: bad section, unknown function, a limit exceeded (800 resources, 256 parameters,
     * 512 variables, 64 outputs, copy count 0..800), a dependsOn naming no declared resource, a duplicated resource.
     */
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
    CircularDependency
}
