package io.strato.template;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The engine is pure and layered: document, expression, function, evaluation, expansion, graph, plan. */
class LayeringTest {
    private final JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.strato.template");

    @Test
    void theEngineImportsNoFramework() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "org.hibernate..", "io.vertx..")
                .check(classes);
    }

    @Test
    void lowerLayersDoNotDependOnHigherOnes() {
        noClasses().that().resideInAnyPackage("..template.document..", "..template.expression..", "..template.diagnostic..")
                .should().dependOnClassesThat().resideInAnyPackage("..template.function..", "..template.evaluation..",
                        "..template.expansion..", "..template.graph..", "..template.plan..")
                .check(classes);
        noClasses().that().resideInAPackage("..template.function..")
                .should().dependOnClassesThat().resideInAnyPackage("..template.evaluation..", "..template.expansion..", "..template.graph..", "..template.plan..")
                .check(classes);
        noClasses().that().resideInAPackage("..template.evaluation..")
                .should().dependOnClassesThat().resideInAnyPackage("..template.expansion..", "..template.graph..", "..template.plan..")
                .check(classes);
        noClasses().that().resideInAPackage("..template.expansion..")
                .should().dependOnClassesThat().resideInAnyPackage("..template.graph..", "..template.plan..")
                .check(classes);
    }
}
