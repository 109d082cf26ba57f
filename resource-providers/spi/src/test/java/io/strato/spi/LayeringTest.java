package io.strato.spi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** The provider contract is framework-free, so a provider module never depends on Quarkus or Hibernate. */
class LayeringTest {
    @Test
    void theProviderContractImportsNoFramework() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "org.hibernate..", "io.vertx..")
                .check(new ClassFileImporter().importPackages("io.strato.spi"));
    }
}
