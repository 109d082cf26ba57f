package io.strato.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.model.ArmException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void theAzCliDeploymentBodyWithAnUnquotedKeyAndCommentsIsRead() {
        String az = "{\"properties\": {\"mode\": \"Incremental\", template:{\n // line comment\n \"a\": 1, /* block */ \"b\": [1,2,],\n}\n}}";
        assertThat(Json.readBody(az.getBytes(StandardCharsets.UTF_8)).at("/properties/template/b/1").asInt()).isEqualTo(2);
    }

    @Test
    void aByteOrderMarkAndAnEmptyBodyAreAccepted() {
        byte[] bom = "\uFEFF{\"x\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(Json.readBody(bom).get("x").asInt()).isEqualTo(1);
        assertThat(Json.readBody(new byte[0]).isObject()).isTrue();
        assertThat(Json.readBody("  \n".getBytes()).size()).isZero();
    }

    @Test
    void brokenJsonTrailingGarbageAndDuplicateKeysAreInvalidRequestContent() {
        for (String bad : new String[] {"{\"a\":", "{\"a\":1} x", "{\"a\":1,\"a\":2}", "[1,2"}) {
            assertThatThrownBy(() -> Json.readBody(bad.getBytes()))
                    .isInstanceOfSatisfying(ArmException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.error().code()).isEqualTo("InvalidRequestContent");
                    });
        }
    }
}
