package dev.junitprompt.model;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;

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
        value.put("schema", JsonSchemas.toValue(format.jsonSchema().rootElement()));
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
}
