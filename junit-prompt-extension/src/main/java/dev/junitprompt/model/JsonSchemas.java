package dev.junitprompt.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.langchain4j.internal.JsonSchemaElementJsonUtils;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;

/**
 * LangChain4j's JSON schema elements as plain JSON Schema values and back: how response formats and tool parameters
 * are part of a recording's key and come back from it.
 */
final class JsonSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonSchemas() {
    }

    /**
     * A JSON Schema object as LangChain4j's schema of an object (a tool's parameters): what LangChain4j cannot model
     * element by element ({@code type: [string, null]}, {@code oneOf}…) is kept raw, so nothing is lost.
     *
     * @param where names the schema in the message when it is not an object's, e.g. {@code tool 'get_weather'}
     */
    static JsonObjectSchema objectFromValue(Map<String, Object> schema, String where) {
        Map<String, Object> withType = new LinkedHashMap<>(schema);
        if (!withType.containsKey("type") && withType.containsKey("properties")) {
            withType.put("type", "object");
        }
        if (!"object".equals(withType.get("type"))) {
            throw new ModelException(where + ": 'parameters' must be the JSON Schema of an object ({type: object, "
                    + "properties: {...}, required: [...]}) but has type " + withType.get("type"));
        }
        try {
            // LangChain4j's own reading of a schema map (internal, but the inverse of what its providers send).
            return (JsonObjectSchema) JsonSchemaElementJsonUtils.fromMap(withType);
        } catch (RuntimeException e) {
            throw new ModelException(where + ": 'parameters' is not a JSON Schema LangChain4j can send: "
                    + e.getMessage(), e);
        }
    }

    /** A schema element as JSON Schema, for the kinds a structured reply is described with. */
    static Object toValue(JsonSchemaElement element) {
        Map<String, Object> schema = new LinkedHashMap<>();
        if (element instanceof JsonRawSchema raw) {
            try {
                return JSON.readValue(raw.schema(), Object.class);
            } catch (JsonProcessingException e) {
                throw new ModelException("A raw JSON schema is not JSON: " + e, e);
            }
        } else if (element instanceof JsonObjectSchema object) {
            schema.put("type", "object");
            Map<String, Object> properties = new LinkedHashMap<>();
            object.properties().forEach((name, property) -> properties.put(name, toValue(property)));
            schema.put("properties", properties);
            if (object.required() != null) {
                schema.put("required", List.copyOf(object.required()));
            }
            if (object.additionalProperties() != null) {
                schema.put("additionalProperties", object.additionalProperties());
            }
        } else if (element instanceof JsonArraySchema array) {
            schema.put("type", "array");
            schema.put("items", toValue(array.items()));
        } else if (element instanceof JsonEnumSchema enumeration) {
            schema.put("type", "string");
            schema.put("enum", List.copyOf(enumeration.enumValues()));
        } else if (element instanceof JsonStringSchema) {
            schema.put("type", "string");
        } else if (element instanceof JsonIntegerSchema) {
            schema.put("type", "integer");
        } else if (element instanceof JsonNumberSchema) {
            schema.put("type", "number");
        } else if (element instanceof JsonBooleanSchema) {
            schema.put("type", "boolean");
        } else {
            throw new ModelException("A JSON schema with a " + element.getClass().getSimpleName()
                    + " cannot be recorded; use object, array, enum, string, number, integer, boolean or a raw schema");
        }
        if (element.description() != null) {
            schema.put("description", element.description());
        }
        return schema;
    }
}
