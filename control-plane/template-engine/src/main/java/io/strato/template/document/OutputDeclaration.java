package io.strato.template.document;

import com.fasterxml.jackson.databind.JsonNode;

/** A template output: the raw declaration (type, condition, value or copy) and its JSON path. */
public record OutputDeclaration(String name, JsonNode declaration, String path) {}
