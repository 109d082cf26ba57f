package io.strato.server.arm;

import io.strato.server.gateway.Json;
import java.io.IOException;

/** Specs are stored as the JSON Jackson writes for the handler's record. */
public final class Specs {
    private Specs() {}

    public static <S> S read(String json, Class<S> type) {
        try {
            return Json.STRICT.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException("stored spec does not read as " + type.getSimpleName(), e);
        }
    }

    public static String write(Object spec) { return Json.write(spec); }
}
