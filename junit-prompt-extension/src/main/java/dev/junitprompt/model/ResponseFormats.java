package dev.junitprompt.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;

/**
 * A call's response format as a plain value, {@code response_format: {type: json_schema, name, schema}} or
 * {@code {type: json}}: so it is part of the recording key (a structured request and a text one are different
 * calls) and comes back from a recording as the ResponseFormat a model takes.
 */
final class ResponseFormats {

    static final String PARAMETER = "response_format";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResponseFormats() {
    }

    /** The value of {@code format}, or {@code null} for plain text. */
    static Map<String, Object> toValue(ResponseFormat format) {
        if (format == null || format.type() != ResponseFormatType.JSON) {
            return null;
        }
        Map<String, Object> value = new LinkedHashMap<>();
        if (format.jsonSchema() == null) {
            value.put("type", "json");
            return value;
        }
        value.put("type", "json_schema");
        value.put("name", format.jsonSchema().name());
        value.put("schema", schema(format.jsonSchema().rootElement()));
        return value;
    }

    /** The ResponseFormat a {@code response_format} value stands for. */
    static ResponseFormat fromValue(Object value) {
        if (!(value instanceof Map<?, ?> map) || !(map.get("type") instanceof String type)) {
            throw new ModelException("Model parameter 'response_format' must be {type: json} or {type: json_schema, "
                    + "name, schema} but is " + value);
        }
        if (type.equals("json")) {
            return ResponseFormat.JSON;
        }
        try {
            return ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(JsonSchema.builder()
                    .name(String.valueOf(map.get("name")))
                    .rootElement(JsonRawSchema.from(JSON.writeValueAsString(map.get("schema")))).build()).build();
        } catch (JsonProcessingException e) {
            throw new ModelException("Model parameter 'response_format' has a schema that is not JSON: " + e, e);
        }
    }

    /** A schema element as JSON Schema, for the kinds a structured reply is described with. */
    private static Object schema(JsonSchemaElement element) {
        Map<String, Object> schema = new LinkedHashMap<>();
        if (element instanceof JsonRawSchema raw) {
            try {
                return JSON.readValue(raw.schema(), Object.class);
            } catch (JsonProcessingException e) {
                throw new ModelException("A raw JSON schema in a response format is not JSON: " + e, e);
            }
        } else if (element instanceof JsonObjectSchema object) {
            schema.put("type", "object");
            Map<String, Object> properties = new LinkedHashMap<>();
            object.properties().forEach((name, property) -> properties.put(name, schema(property)));
            schema.put("properties", properties);
            if (object.required() != null) {
                schema.put("required", List.copyOf(object.required()));
            }
            if (object.additionalProperties() != null) {
                schema.put("additionalProperties", object.additionalProperties());
            }
        } else if (element instanceof JsonArraySchema array) {
            schema.put("type", "array");
            schema.put("items", schema(array.items()));
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
            throw new ModelException("A response format schema with a " + element.getClass().getSimpleName()
                    + " cannot be recorded; use object, array, enum, string, number, integer, boolean or a raw schema");
        }
        if (element.description() != null) {
            schema.put("description", element.description());
        }
        return schema;
    }
}
