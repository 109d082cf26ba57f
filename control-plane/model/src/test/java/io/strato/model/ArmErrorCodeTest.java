package io.strato.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ArmErrorCodeTest {
    @Test
    void everyCataloguedCodeIsDocumentedWithItsStatus() throws Exception {
        String doc = Files.readString(Path.of("../../docs/api.md"));
        for (ArmErrorCode c : ArmErrorCode.values()) {
            assertThat(doc).as(c.name()).contains("| `" + c.name() + "` | " + c.status() + " |");
        }
    }

    @Test
    void anExceptionCarriesTheCodeItsStatusAndTheTarget() {
        ArmException e = ArmErrorCode.ResourceGroupNotFound.exception("Resource group 'x' could not be found.", "resourceGroupName");
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.error()).isEqualTo(new ArmError("ResourceGroupNotFound", "Resource group 'x' could not be found.", "resourceGroupName"));
    }
}
