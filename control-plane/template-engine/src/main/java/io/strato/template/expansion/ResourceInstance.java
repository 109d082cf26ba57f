package io.strato.template.expansion;

import io.strato.template.document.ResourceDeclaration;
import io.strato.template.evaluation.EvaluationContext;
import java.util.List;

/**
 * One expanded resource: its declaration, loop position, evaluated identity and the raw dependsOn entries.
 *
 * @param loopName the resource copy loop's name, or null
 * @param batchSize the serial batch size (0 = parallel)
 */
public record ResourceInstance(ResourceDeclaration declaration, String symbolicName, String loopName, int copyIndex,
                               String fullType, String fullName, String apiVersion, String resourceId, boolean existing,
                               List<String> dependsOn, int batchSize, EvaluationContext context) {

    public String key() { return resourceId.toLowerCase(java.util.Locale.ROOT); }

    /** {@code ns/t1/n1/t2/n2}: the id's part after the last scope's {@code /providers/}. */
    public String typeNameForm() {
        int i = resourceId.toLowerCase(java.util.Locale.ROOT).lastIndexOf("/providers/");
        return i < 0 ? resourceId : resourceId.substring(i + "/providers/".length());
    }

    /** {@code ns/t1/t2/n1/n2}: the full type then the full name. */
    public String typeThenNameForm() { return fullType + "/" + fullName; }

    public boolean isDeployment() { return fullType.equalsIgnoreCase("Microsoft.Resources/deployments"); }

    public static List<String> none() { return List.of(); }
}
