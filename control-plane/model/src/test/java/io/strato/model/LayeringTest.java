package io.strato.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** The model is pure: no framework, no persistence, no HTTP. */
class LayeringTest {
    @Test
    void theModelImportsNoFramework() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "org.hibernate..", "io.vertx..")
                .check(new ClassFileImporter().importPackages("io.strato.model"));
    }
}
